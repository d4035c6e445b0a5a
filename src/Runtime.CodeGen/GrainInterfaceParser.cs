using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OrleansAuth.Runtime.CodeGen;

/// <summary>Turns a grain interface symbol into an equatable <see cref="GrainInterfaceModel"/>.</summary>
internal static class GrainInterfaceParser
{
    private const string RuntimeNamespace = "OrleansAuth.Runtime";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat ShortNameFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    // Part of the method's network identity: fully qualified, without "global::" and without nullable annotations,
    // so the identity changes when a parameter's type does but not when its nullability does.
    private static readonly SymbolDisplayFormat WireFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    private static readonly SymbolDisplayFormat HintFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces);

    /// <summary>True for interfaces deriving from IGrainWithStringKey, excluding the marker interfaces themselves.</summary>
    public static bool IsGrainInterface(INamedTypeSymbol symbol)
        => symbol.TypeKind == TypeKind.Interface
            && !IsMarkerInterface(symbol)
            && symbol.AllInterfaces.Any(i => IsRuntimeType(i, "IGrainWithStringKey"));

    public static GrainInterfaceModel Parse(INamedTypeSymbol symbol, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var interfaceLocation = LocationInfo.From(symbol.Locations.FirstOrDefault());
        var shortName = symbol.ToDisplayString(ShortNameFormat);

        if (IsGenericOrInGeneric(symbol))
        {
            diagnostics.Add(Diagnostic("OAG002", interfaceLocation, shortName));
        }

        if (!IsAccessibleFromAssembly(symbol))
        {
            diagnostics.Add(Diagnostic("OAG006", interfaceLocation, shortName));
        }

        var prefix = ContainingTypePrefix(symbol);
        var grainType = GetGrainType(symbol);
        var usedRequestNames = new HashSet<string>(StringComparer.Ordinal);
        var methods = new List<GrainMethodModel>();

        var interfaces = new List<INamedTypeSymbol> { symbol };
        interfaces.AddRange(symbol.AllInterfaces.Where(i => !IsMarkerInterface(i)));

        foreach (var declaringInterface in interfaces)
        {
            var inherited = !SymbolEqualityComparer.Default.Equals(declaringInterface, symbol);
            foreach (var member in declaringInterface.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member.IsStatic)
                {
                    continue;
                }

                // Problems of inherited members are reported on this interface, so a base grain interface's own
                // report is not duplicated at the same location.
                var location = inherited ? interfaceLocation : LocationInfo.From(member.Locations.FirstOrDefault()) ?? interfaceLocation;
                var memberName = inherited ? $"{declaringInterface.ToDisplayString(ShortNameFormat)}.{member.Name}" : member.Name;

                switch (member)
                {
                    case IPropertySymbol property:
                        diagnostics.Add(Diagnostic("OAG005", location, shortName, property.IsIndexer ? "indexer" : "property", memberName));
                        break;
                    case IEventSymbol:
                        diagnostics.Add(Diagnostic("OAG005", location, shortName, "event", memberName));
                        break;
                    case IMethodSymbol { MethodKind: MethodKind.Ordinary } method when method.IsAbstract || method.IsVirtual:
                        var model = ParseMethod(method, symbol, declaringInterface, memberName, location, prefix + symbol.Name, usedRequestNames, diagnostics);
                        if (model is not null)
                        {
                            methods.Add(model);
                        }

                        break;
                }
            }
        }

        var typeName = StripInterfacePrefix(symbol.Name);
        return new GrainInterfaceModel(
            symbol.ContainingNamespace.IsGlobalNamespace ? null : symbol.ContainingNamespace.ToDisplayString(),
            symbol.ToDisplayString(HintFormat) + ".g.cs",
            symbol.ToDisplayString(TypeFormat),
            grainType,
            prefix + typeName + "Reference",
            prefix + typeName + "Registration",
            new EquatableArray<GrainMethodModel>([.. methods]),
            new EquatableArray<DiagnosticInfo>([.. diagnostics]));
    }

    /// <summary>
    /// The method's stable network identity: grain interface, declaring interface, name and parameter types
    /// (cancellation tokens excluded), e.g. <c>Sample.IAdminGrain/Sample.INamedGrain.GetNameAsync()</c>.
    /// </summary>
    public static string WireName(INamedTypeSymbol grainInterface, INamedTypeSymbol declaringInterface, IMethodSymbol method)
    {
        var parameters = method.Parameters
            .Where(p => !IsCancellationToken(p.Type))
            .Select(p => p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(WireFormat));
        return grainInterface.ToDisplayString(WireFormat) + "/" + declaringInterface.ToDisplayString(WireFormat) + "." + method.Name
            + "(" + string.Join(",", parameters) + ")";
    }

    /// <summary>64-bit FNV-1a of the UTF-8 bytes of <paramref name="wireName"/>: the same in every build and process.</summary>
    public static ulong WireId(string wireName)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(wireName))
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }

        return hash;
    }

    /// <summary>The [GrainType] name, else IUserGrain → "user".</summary>
    public static string DeriveGrainTypeName(string interfaceName)
    {
        var name = StripInterfacePrefix(interfaceName);
        if (name.Length > "Grain".Length && name.EndsWith("Grain", StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - "Grain".Length);
        }

        return name.ToLowerInvariant();
    }

    private static GrainMethodModel? ParseMethod(
        IMethodSymbol method,
        INamedTypeSymbol grainInterface,
        INamedTypeSymbol declaringInterface,
        string memberName,
        LocationInfo? location,
        string requestPrefix,
        HashSet<string> usedRequestNames,
        List<DiagnosticInfo> diagnostics)
    {
        var valid = true;
        if (method.IsGenericMethod)
        {
            diagnostics.Add(Diagnostic("OAG002", location, memberName));
            valid = false;
        }

        string? resultType = null;
        if (method.ReturnType is INamedTypeSymbol { Name: "Task" } task
            && task.ContainingNamespace.ToDisplayString() == "System.Threading.Tasks"
            && task.Arity <= 1)
        {
            resultType = task.Arity == 1 ? task.TypeArguments[0].ToDisplayString(TypeFormat) : null;
        }
        else
        {
            diagnostics.Add(Diagnostic("OAG001", location, memberName, method.ReturnType.ToDisplayString(ShortNameFormat)));
            valid = false;
        }

        var parameters = new List<GrainParameterModel>();
        var tokenCount = 0;
        var tokenIsLast = true;
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            if (parameter.RefKind != RefKind.None)
            {
                diagnostics.Add(Diagnostic("OAG003", location, memberName, parameter.Name, "passed by reference (" + RefKindText(parameter.RefKind) + ")"));
                valid = false;
            }
            else if (parameter.Type.IsRefLikeType)
            {
                diagnostics.Add(Diagnostic("OAG003", location, memberName, parameter.Name, "a ref struct"));
                valid = false;
            }

            var isToken = IsCancellationToken(parameter.Type);
            if (isToken)
            {
                tokenCount++;
                tokenIsLast = i == method.Parameters.Length - 1;
            }

            parameters.Add(new GrainParameterModel(
                Escape(parameter.Name),
                parameter.Type.ToDisplayString(TypeFormat),
                isToken,
                parameter.Type.IsReferenceType && parameter.Type.NullableAnnotation != NullableAnnotation.Annotated));
        }

        if (tokenCount > 1 || !tokenIsLast)
        {
            diagnostics.Add(Diagnostic("OAG004", location, memberName));
            valid = false;
        }

        var options = new List<string>();
        long? timeoutTicks = null;
        foreach (var attribute in method.GetAttributes())
        {
            var attributeClass = attribute.AttributeClass;
            if (attributeClass is null)
            {
                continue;
            }

            if (IsRuntimeType(attributeClass, "ReadOnlyAttribute"))
            {
                options.Add("global::OrleansAuth.Runtime.GrainMethodOptions.ReadOnly");
            }
            else if (IsRuntimeType(attributeClass, "AlwaysInterleaveAttribute"))
            {
                options.Add("global::OrleansAuth.Runtime.GrainMethodOptions.AlwaysInterleave");
            }
            else if (IsRuntimeType(attributeClass, "ResponseTimeoutAttribute"))
            {
                var text = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                if (text is not null && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var timeout))
                {
                    timeoutTicks = timeout.Ticks;
                }
                else
                {
                    diagnostics.Add(Diagnostic("OAG007", location, memberName, text ?? "null"));
                    valid = false;
                }
            }
        }

        if (!valid)
        {
            return null;
        }

        return new GrainMethodModel(
            UniqueName(requestPrefix + "_" + method.Name, "_Request", usedRequestNames),
            declaringInterface.ToDisplayString(TypeFormat),
            declaringInterface.ToDisplayString(ShortNameFormat),
            Escape(method.Name),
            method.ReturnType.ToDisplayString(TypeFormat),
            resultType,
            options.Count == 0 ? "global::OrleansAuth.Runtime.GrainMethodOptions.None" : string.Join(" | ", options),
            timeoutTicks,
            WireName(grainInterface, declaringInterface, method),
            new EquatableArray<GrainParameterModel>([.. parameters]));
    }

    private static string GetGrainType(INamedTypeSymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass
                && IsRuntimeType(attributeClass, "GrainTypeAttribute")
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return DeriveGrainTypeName(symbol.Name);
    }

    private static string UniqueName(string stem, string suffix, HashSet<string> used)
    {
        var name = stem + suffix;
        for (var index = 1; !used.Add(name); index++)
        {
            name = stem + "_" + index.ToString(CultureInfo.InvariantCulture) + suffix;
        }

        return name;
    }

    private static string StripInterfacePrefix(string name)
        => name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]) ? name.Substring(1) : name;

    private static string ContainingTypePrefix(INamedTypeSymbol symbol)
    {
        var prefix = string.Empty;
        for (var type = symbol.ContainingType; type is not null; type = type.ContainingType)
        {
            prefix = type.Name + "_" + prefix;
        }

        return prefix;
    }

    private static bool IsGenericOrInGeneric(INamedTypeSymbol symbol)
    {
        for (var type = symbol; type is not null; type = type.ContainingType)
        {
            if (type.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAccessibleFromAssembly(INamedTypeSymbol symbol)
    {
        for (var type = symbol; type is not null; type = type.ContainingType)
        {
            if (type.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMarkerInterface(INamedTypeSymbol symbol)
        => IsRuntimeType(symbol, "IGrain") || IsRuntimeType(symbol, "IGrainWithStringKey");

    private static bool IsRuntimeType(INamedTypeSymbol symbol, string name)
        => symbol.Name == name
            && symbol.ContainingType is null
            && symbol.ContainingNamespace.ToDisplayString() == RuntimeNamespace;

    private static bool IsCancellationToken(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "CancellationToken", ContainingType: null } named
            && named.ContainingNamespace.ToDisplayString() == "System.Threading";

    private static string RefKindText(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref",
        RefKind.Out => "out",
        RefKind.In => "in",
        _ => "ref readonly",
    };

    private static string Escape(string identifier)
        => SyntaxFacts.IsReservedKeyword(SyntaxFacts.GetKeywordKind(identifier)) ? "@" + identifier : identifier;

    private static DiagnosticInfo Diagnostic(string id, LocationInfo? location, params string[] args)
        => new(id, location, new EquatableArray<string>(args));
}
