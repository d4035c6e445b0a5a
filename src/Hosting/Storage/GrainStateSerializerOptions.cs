using System.Text.Json.Serialization.Metadata;

namespace OrleansAuth.Hosting.Storage;

/// <summary>Serialization of grain state: the source-generated JSON contexts of the grain assemblies, tried in order.</summary>
public sealed class GrainStateSerializerOptions
{
    public IList<IJsonTypeInfoResolver> TypeInfoResolvers { get; } = [];
}
