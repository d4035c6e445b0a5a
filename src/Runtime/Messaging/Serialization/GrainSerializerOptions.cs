using System.Text.Json.Serialization.Metadata;

namespace OrleansAuth.Runtime.Messaging.Serialization;

/// <summary>The source-generated JSON contexts that describe the types crossing grain interfaces, in lookup order.</summary>
internal sealed class GrainSerializerOptions
{
    public List<IJsonTypeInfoResolver> TypeInfoResolvers { get; } = [];
}
