namespace OrleansAuth.Grains.Users;

/// <summary>Failed password checks and the current lock.</summary>
internal sealed class LockoutState
{
    /// <summary>Consecutive failed checks since the last success or lock.</summary>
    public int FailedAttempts { get; set; }

    /// <summary>Locks since the last successful login: the next lock lasts BaseDuration × 2^LockCount (capped).</summary>
    public int LockCount { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}
