using System.Text;

namespace OrleansAuth.Hosting.Storage;

/// <summary>
/// Limits on the strings that make up a grain state row's key. Both databases get the same rules so that a key that
/// works in development (SQLite) cannot fail in production (PostgreSQL).
/// </summary>
internal static class GrainStorageKeys
{
    /// <summary>Maximum UTF-8 length of a grain key.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>Maximum UTF-8 length of a cluster id, grain type or state name.</summary>
    public const int MaxNameBytes = 256;

    // Together the four columns stay well under PostgreSQL's b-tree entry limit (~2700 bytes).
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Validate(GrainRowKey grainId, string stateName)
    {
        ValidateName(grainId.Type, "grain type", nameof(grainId));
        ValidateText(grainId.Key, MaxKeyBytes, "grain key", nameof(grainId));
        ValidateName(stateName, "state name", nameof(stateName));
    }

    public static void ValidateName(string? value, string what, string parameterName)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"The {what} must not be empty.", parameterName);
        }

        ValidateText(value, MaxNameBytes, what, parameterName);
    }

    /// <summary>Returns null when <paramref name="value"/> is usable, else why not (for options validation).</summary>
    public static string? Describe(string value, int maxBytes)
    {
        // PostgreSQL text cannot hold NUL; unpaired surrogates have no UTF-8 form and would collide after replacement.
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return "must not contain NUL characters";
        }

        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            return "must be valid Unicode (it contains an unpaired surrogate)";
        }

        return byteCount > maxBytes ? $"must be at most {maxBytes} bytes in UTF-8 (was {byteCount})" : null;
    }

    private static void ValidateText(string? value, int maxBytes, string what, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (Describe(value, maxBytes) is { } problem)
        {
            throw new ArgumentException($"The {what} {problem}.", parameterName);
        }
    }
}
