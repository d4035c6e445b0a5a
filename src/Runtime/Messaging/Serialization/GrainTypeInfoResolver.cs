using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace OrleansAuth.Runtime.Messaging.Serialization;

/// <summary>
/// Resolves grain argument and result types through the registered source-generated contexts, then the built-in
/// <see cref="WireJsonContext"/>. Reflection-based serialization is never used: a type no context knows is an error.
/// </summary>
internal sealed class GrainTypeInfoResolver : IGrainTypeInfoResolver
{
    private readonly JsonSerializerOptions _options;

    public GrainTypeInfoResolver(IOptions<GrainSerializerOptions> options)
    {
        _options = new JsonSerializerOptions
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine([.. options.Value.TypeInfoResolvers, WireJsonContext.Default]),
        };
        _options.MakeReadOnly();
    }

    public JsonTypeInfo<T> GetTypeInfo<T>()
    {
        if (_options.TryGetTypeInfo(typeof(T), out var info))
        {
            return (JsonTypeInfo<T>)info;
        }

        throw new NotSupportedException(
            $"No JSON metadata for {typeof(T)}, which crosses a grain interface. Add it to a JsonSerializerContext ([JsonSerializable(typeof({typeof(T).Name}))]) and register that context with services.AddGrainSerializerContext(...).");
    }
}
