using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace OrleansAuth.Runtime.CodeGen;

/// <summary>Everything needed to emit one grain interface, or the diagnostics that prevent it.</summary>
internal sealed record GrainInterfaceModel(
    string? Namespace,
    string HintName,
    string InterfaceType,
    string GrainType,
    string ReferenceClassName,
    string RegistrationClassName,
    EquatableArray<GrainMethodModel> Methods,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>One grain method as seen through one grain interface (inherited methods included).</summary>
internal sealed record GrainMethodModel(
    string RequestClassName,
    string DeclaringInterfaceType,
    string DescriptorInterfaceName,
    string Name,
    string ReturnType,
    string? ResultType,
    string Options,
    long? TimeoutTicks,
    string WireName,
    EquatableArray<GrainParameterModel> Parameters);

internal sealed record GrainParameterModel(string Name, string Type, bool IsCancellationToken, bool NeedsNullForgivingDefault);

/// <summary>A diagnostic captured without symbols or syntax trees so the model stays equatable.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> MessageArgs)
{
    public Diagnostic ToDiagnostic()
        => Diagnostic.Create(
            Diagnostics.ById(Id),
            Location?.ToLocation(),
            [.. MessageArgs]);
}

internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Microsoft.CodeAnalysis.Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location)
        => location is { IsInSource: true, SourceTree: not null }
            ? new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span)
            : null;
}
