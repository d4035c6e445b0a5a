namespace OrleansAuth.Grains;

/// <summary>Account lockout after consecutive failed password checks (<c>Auth:Lockout</c>).</summary>
public sealed class LockoutOptions
{
    /// <summary>Consecutive failures that lock the account. Default 5.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>Length of the first lock; each further lock without a successful login in between doubles it. Default 1 min.</summary>
    public TimeSpan BaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest lock. Default 15 min.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(15);
}
