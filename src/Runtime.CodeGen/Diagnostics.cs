using System;
using Microsoft.CodeAnalysis;

namespace OrleansAuth.Runtime.CodeGen;

/// <summary>Errors reported for grain interfaces the generator cannot implement.</summary>
internal static class Diagnostics
{
    private const string Category = "OrleansAuth.CodeGen";

    public static readonly DiagnosticDescriptor InvalidReturnType = new(
        "OAG001",
        "Grain method must return Task or Task<T>",
        "Grain method '{0}' returns '{1}'; grain methods must return Task or Task<T>",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericNotSupported = new(
        "OAG002",
        "Generic grain methods and interfaces are not supported",
        "'{0}' is generic; grain interfaces and grain methods cannot have type parameters",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ByRefParameter = new(
        "OAG003",
        "Grain method parameters must be passed by value",
        "Parameter '{1}' of grain method '{0}' is {2}; grain method parameters must be passed by value",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidCancellationToken = new(
        "OAG004",
        "A grain method may take one CancellationToken, as its last parameter",
        "Grain method '{0}' must have at most one CancellationToken parameter, and it must be the last parameter",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NonMethodMember = new(
        "OAG005",
        "Grain interfaces may only declare methods",
        "Grain interface '{0}' declares the {1} '{2}'; grain interfaces may only declare methods",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InaccessibleInterface = new(
        "OAG006",
        "Grain interface must be accessible at assembly level",
        "Grain interface '{0}' is private or protected; the generated reference cannot implement it",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidResponseTimeout = new(
        "OAG007",
        "ResponseTimeout must be a TimeSpan",
        "ResponseTimeout '{1}' of grain method '{0}' is not a valid TimeSpan such as \"00:00:05\"",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "OAG001" => InvalidReturnType,
        "OAG002" => GenericNotSupported,
        "OAG003" => ByRefParameter,
        "OAG004" => InvalidCancellationToken,
        "OAG005" => NonMethodMember,
        "OAG006" => InaccessibleInterface,
        "OAG007" => InvalidResponseTimeout,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown diagnostic id."),
    };
}
