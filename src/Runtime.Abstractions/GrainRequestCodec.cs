using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OrleansAuth.Runtime;

/// <summary>
/// Writes and reads the arguments of one grain method's requests (generated per method). Arguments travel as a JSON
/// array in parameter order, written with typed source-generated metadata, so no reflection runs per call.
/// </summary>
public abstract class GrainRequestCodec
{
    private protected GrainRequestCodec()
    {
    }

    /// <summary>Calls back with the codec's result type (once per method, when the runtime builds its call handling).</summary>
    internal abstract TOut Accept<TOut>(IGrainRequestCodecVisitor<TOut> visitor);

    /// <summary>Writes the arguments of <paramref name="request"/>; writes nothing for a method without arguments.</summary>
    public abstract void WriteArguments(GrainRequest request, Utf8JsonWriter writer);

    /// <summary>Reads a request written by <see cref="WriteArguments"/>; the reader is positioned before the first token.</summary>
    public abstract GrainRequest ReadArguments(ref Utf8JsonReader reader);

    /// <summary>Moves to the start of the argument array.</summary>
    protected static void ReadStartArray(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected the start of the argument array.");
        }
    }

    /// <summary>Checks that the argument array ends here and nothing follows it.</summary>
    protected static void ReadEndArray(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("The argument array has more elements than the method has parameters.");
        }

        if (reader.Read())
        {
            throw new JsonException("Unexpected data after the argument array.");
        }
    }

    /// <summary>Reads the next argument.</summary>
    protected static T? ReadArgument<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> typeInfo)
    {
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
        {
            throw new JsonException("The argument array has fewer elements than the method has parameters.");
        }

        return JsonSerializer.Deserialize(ref reader, typeInfo);
    }

    /// <summary>Reads the next argument of a parameter declared non-nullable: null is refused, not passed on to the grain.</summary>
    protected static T ReadRequiredArgument<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> typeInfo, string parameterName)
        => ReadArgument(ref reader, typeInfo) ?? throw new JsonException($"Argument '{parameterName}' is null but the parameter does not accept null.");
}

/// <summary>A <see cref="GrainRequestCodec"/> that also writes and reads the method's result.</summary>
public abstract class GrainRequestCodec<TResult> : GrainRequestCodec
{
    private readonly JsonTypeInfo<TResult>? _result;

    protected GrainRequestCodec(IGrainTypeInfoResolver types)
    {
        ArgumentNullException.ThrowIfNull(types);

        // Plain Task methods have no result to carry; they need no metadata.
        _result = typeof(TResult) == typeof(VoidResult) ? null : types.GetTypeInfo<TResult>();
    }

    internal sealed override TOut Accept<TOut>(IGrainRequestCodecVisitor<TOut> visitor) => visitor.Visit(this);

    /// <summary>Writes the result of a completed call; writes nothing for methods returning a plain Task.</summary>
    public void WriteResult(TResult result, Utf8JsonWriter writer)
    {
        if (_result is not null)
        {
            JsonSerializer.Serialize(writer, result, _result);
        }
    }

    /// <summary>Reads a result written by <see cref="WriteResult"/>; the reader is positioned before the first token.</summary>
    public TResult ReadResult(ref Utf8JsonReader reader)
    {
        if (_result is null)
        {
            return default!;
        }

        if (!reader.Read())
        {
            throw new JsonException("The response has no result.");
        }

        return JsonSerializer.Deserialize(ref reader, _result)!;
    }
}

/// <summary>Recovers the result type of a <see cref="GrainRequestCodec"/> without reflection.</summary>
internal interface IGrainRequestCodecVisitor<out TOut>
{
    TOut Visit<TResult>(GrainRequestCodec<TResult> codec);
}
