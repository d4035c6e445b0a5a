namespace OrleansAuth.Grains.Users;

/// <summary>An outstanding single-use verification or reset token: only its SHA-256 is kept.</summary>
internal sealed class PendingToken
{
    /// <summary>The token's handle; tells "an older token of this account" apart from garbage.</summary>
    public Guid Id { get; set; }

    public byte[] Hash { get; set; } = [];

    public DateTimeOffset ExpiresAt { get; set; }
}
