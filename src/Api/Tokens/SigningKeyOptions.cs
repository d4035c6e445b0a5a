namespace OrleansAuth.Api.Tokens;

/// <summary>
/// How the shared ES256 signing keys are rotated and protected (configuration section <c>Auth:SigningKeys</c>).
/// Validated at start: <c>RefreshInterval &lt; PublishAhead &lt; RotationInterval</c>, so every node learns a new key
/// before any node signs with it.
/// </summary>
public sealed class SigningKeyOptions
{
    public const string SectionName = "Auth:SigningKeys";

    /// <summary><c>Auth:SigningKeys:RotationInterval</c>: how long one key signs before the next takes over.
    /// Default 30 days.</summary>
    public TimeSpan RotationInterval { get; set; } = TimeSpan.FromDays(30);

    /// <summary><c>Auth:SigningKeys:PublishAhead</c>: how long a new key sits in the JWKS before it signs, so
    /// downstream verifiers with cached key sets have fetched it. Default 1 hour.</summary>
    public TimeSpan PublishAhead { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>Auth:SigningKeys:RefreshInterval</c>: how often a node re-reads the key table (and rotates when
    /// due). Default 1 minute.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// <c>Auth:SigningKeys:EncryptionKey</c>: base64 of 32 random bytes; private keys are sealed with AES-256-GCM
    /// under it before they reach the database. Required outside the Development environment; every node of a
    /// cluster needs the same value. Unset in Development: keys are stored unsealed (and a warning is logged).
    /// </summary>
    public string? EncryptionKey { get; set; }
}
