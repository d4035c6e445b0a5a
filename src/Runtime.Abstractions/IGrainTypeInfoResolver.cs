using System.Text.Json.Serialization.Metadata;

namespace OrleansAuth.Runtime;

/// <summary>
/// Hands out source-generated System.Text.Json metadata for the types that cross grain interfaces. Codecs ask once,
/// when they are created, and keep the typed <see cref="JsonTypeInfo{T}"/>; nothing is looked up per call.
/// </summary>
public interface IGrainTypeInfoResolver
{
    /// <summary>The metadata for <typeparamref name="T"/>; throws when no registered context knows the type.</summary>
    JsonTypeInfo<T> GetTypeInfo<T>();
}
