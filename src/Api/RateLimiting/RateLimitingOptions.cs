namespace OrleansAuth.Api.RateLimiting;

/// <summary>
/// Per-client-address limits on the endpoint groups attackers hammer (configuration section <c>RateLimiting</c>).
/// Each group (register, login, refresh, forgot) has its own budget per address.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary><c>RateLimiting:Enabled</c>. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>RateLimiting:PermitsPerMinute</c>: requests per client address, per group, per minute (1 to
    /// 1,000,000). Default 60.</summary>
    public int PermitsPerMinute { get; set; } = 60;
}
