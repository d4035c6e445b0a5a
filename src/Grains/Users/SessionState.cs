namespace OrleansAuth.Grains.Users;

/// <summary>
/// One login session and its refresh-token chain. Tokens are stored as SHA-256 hashes only.
/// Generation g has one or more valid tokens (<see cref="CurrentTokenHashes"/>: more than one only when a just-rotated
/// token was presented again within the leeway). Using any of them moves the session to g+1; the tokens of g become
/// <see cref="PreviousTokenHashes"/> (accepted within the leeway after <see cref="RotatedAt"/>, reuse after it), and
/// older generations are kept, truncated, in <see cref="RetiredTokenHashes"/> so that their reuse is still recognized.
/// </summary>
internal sealed class SessionState
{
    public Guid Id { get; set; }

    public int Generation { get; set; }

    public List<byte[]> CurrentTokenHashes { get; set; } = [];

    public List<byte[]> PreviousTokenHashes { get; set; } = [];

    public DateTimeOffset? RotatedAt { get; set; }

    /// <summary>First 16 bytes of the hashes of older generations, newest last, bounded.</summary>
    public List<byte[]> RetiredTokenHashes { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastUsedAt { get; set; }

    /// <summary>Expiry of the newest refresh token; refreshing slides it.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public string? UserAgent { get; set; }

    public string? ClientAddress { get; set; }
}
