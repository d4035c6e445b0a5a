using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace OrleansAuth.Hosting.Storage;

/// <summary>
/// JSON for grain state. Grain assemblies add their source-generated <c>JsonSerializerContext</c> through
/// <see cref="GrainStateSerializerOptions"/>; types they do not cover fall back to reflection-based metadata.
/// </summary>
internal sealed class GrainStateSerializer
{
    public GrainStateSerializer(IOptions<GrainStateSerializerOptions> options)
    {
        var resolvers = options.Value.TypeInfoResolvers.Append(new DefaultJsonTypeInfoResolver());
        Options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine([.. resolvers]),
        };
        Options.MakeReadOnly();
    }

    public JsonSerializerOptions Options { get; }

    public JsonTypeInfo<T> GetTypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}
