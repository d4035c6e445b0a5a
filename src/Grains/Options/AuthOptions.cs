namespace OrleansAuth.Grains;

/// <summary>
/// Grain-side authentication settings (configuration section <c>Auth</c>; the API binds its own keys of the same
/// section, such as <c>Issuer</c> and <c>AccessTokenLifetime</c>). Validated at start: see <see cref="AuthOptionsValidator"/>.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Lifetime of a refresh token from its issue; each refresh issues a new one (sliding). Default 7 days.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A refresh token presented again within this time after it was rotated gets a valid pair of the same session
    /// instead of revoking it (two tabs refreshing at once). Default 10 s; zero turns the grace off.
    /// </summary>
    public TimeSpan RefreshReuseLeeway { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Login is refused with EMAIL_NOT_VERIFIED until the email is verified. Default false.</summary>
    public bool RequireVerifiedEmail { get; set; }

    /// <summary>Lifetime of an email verification token. Default 24 h.</summary>
    public TimeSpan EmailVerificationTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Lifetime of a password reset token. Default 1 h.</summary>
    public TimeSpan PasswordResetTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Most sessions one account keeps. A login beyond it ends the least recently used session (recorded as
    /// <c>session.revoked</c> with reason <c>session_limit</c>); ended and expired sessions are dropped on every write.
    /// Default 20.
    /// </summary>
    public int MaxSessionsPerUser { get; set; } = 20;

    /// <summary>Emails (any spelling; normalized at start) whose accounts get the role <c>admin</c>. Default none.</summary>
    public IList<string> AdminEmails { get; } = [];

    public LockoutOptions Lockout { get; set; } = new();

    public PasswordHashingOptions PasswordHashing { get; set; } = new();

    public PasswordPolicyOptions PasswordPolicy { get; set; } = new();
}
