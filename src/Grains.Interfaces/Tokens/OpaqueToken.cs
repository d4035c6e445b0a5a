using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>
/// A refresh, verification or reset token: opaque to clients, but carrying what routes it to its grain.
/// Text form: <c>prefix</c> + base64url(version 1 ‖ handle (16 bytes) ‖ secret (32 bytes) ‖ grain key (UTF-8)).
/// The 256-bit secret makes it unguessable; the grain stores only <see cref="ComputeHash"/> (SHA-256 suffices for
/// values of this entropy: there is nothing to brute-force) and compares in constant time.
/// The handle lets the grain find the entry without scanning (for refresh tokens: the session id).
/// </summary>
public sealed class OpaqueToken
{
    /// <summary>Longest text <see cref="TryParse"/> looks at; every valid token is shorter.</summary>
    public const int MaxLength = 512;

    private const byte FormatVersion = 1;
    private const int HandleLength = 16;
    private const int SecretLength = 32;
    private const int HeaderLength = 1 + HandleLength + SecretLength;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private OpaqueToken(OpaqueTokenKind kind, string grainKey, Guid handle, string value)
    {
        Kind = kind;
        GrainKey = grainKey;
        Handle = handle;
        Value = value;
    }

    public OpaqueTokenKind Kind { get; }

    /// <summary>The key of the grain that issued the token (the normalized email).</summary>
    public string GrainKey { get; }

    /// <summary>Identifies the entry inside the grain (the session id of a refresh token).</summary>
    public Guid Handle { get; }

    /// <summary>The token text handed to the client. Secret: never log it.</summary>
    public string Value { get; }

    /// <summary>Issues a new token with a fresh 256-bit secret.</summary>
    public static OpaqueToken Issue(OpaqueTokenKind kind, string grainKey, Guid handle)
    {
        ArgumentNullException.ThrowIfNull(grainKey);
        var keyBytes = StrictUtf8.GetBytes(grainKey);
        var payload = new byte[HeaderLength + keyBytes.Length];
        payload[0] = FormatVersion;
        handle.TryWriteBytes(payload.AsSpan(1, HandleLength));
        RandomNumberGenerator.Fill(payload.AsSpan(1 + HandleLength, SecretLength));
        keyBytes.CopyTo(payload.AsSpan(HeaderLength));
        var value = Prefix(kind) + Base64Url.EncodeToString(payload);
        if (value.Length > MaxLength)
        {
            throw new ArgumentException("The grain key is too long for a token.", nameof(grainKey));
        }

        return new OpaqueToken(kind, grainKey, handle, value);
    }

    /// <summary>
    /// Reads a presented token; false for anything that is not a well-formed token of a known kind whose grain key is
    /// a normalized email. Never throws. Says nothing about whether the token is valid: only its grain can.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out OpaqueToken? token)
    {
        token = null;
        if (text is null || text.Length > MaxLength || !TryGetKind(text, out var kind, out var prefixLength))
        {
            return false;
        }

        Span<byte> payload = stackalloc byte[MaxLength];
        // The OperationStatus overload reports bad characters instead of throwing (TryDecodeFromChars throws).
        if (Base64Url.DecodeFromChars(text.AsSpan(prefixLength), payload, out _, out var length) != OperationStatus.Done
            || length <= HeaderLength
            || payload[0] != FormatVersion)
        {
            return false;
        }

        string key;
        try
        {
            key = StrictUtf8.GetString(payload[HeaderLength..length]);
        }
        catch (ArgumentException)
        {
            return false;
        }

        if (!EmailAddress.IsNormalized(key))
        {
            return false;
        }

        token = new OpaqueToken(kind, key, new Guid(payload.Slice(1, HandleLength)), text);
        return true;
    }

    /// <summary>SHA-256 of the token text: what the grain stores instead of the token.</summary>
    public byte[] ComputeHash() => SHA256.HashData(Encoding.ASCII.GetBytes(Value));

    /// <summary>Constant-time comparison of this token's hash with a stored one.</summary>
    public bool Matches(ReadOnlySpan<byte> storedHash)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.ASCII.GetBytes(Value), hash);
        return CryptographicOperations.FixedTimeEquals(hash, storedHash);
    }

    /// <summary>Redacted: the token is a secret.</summary>
    public override string ToString() => $"{Prefix(Kind)}… ({Kind})";

    private static string Prefix(OpaqueTokenKind kind) => kind switch
    {
        OpaqueTokenKind.Refresh => "oart_",
        OpaqueTokenKind.EmailVerification => "oaev_",
        OpaqueTokenKind.PasswordReset => "oapr_",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown token kind."),
    };

    private static bool TryGetKind(string text, out OpaqueTokenKind kind, out int prefixLength)
    {
        foreach (var candidate in (ReadOnlySpan<OpaqueTokenKind>)[OpaqueTokenKind.Refresh, OpaqueTokenKind.EmailVerification, OpaqueTokenKind.PasswordReset])
        {
            var prefix = Prefix(candidate);
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                kind = candidate;
                prefixLength = prefix.Length;
                return true;
            }
        }

        kind = default;
        prefixLength = 0;
        return false;
    }
}
