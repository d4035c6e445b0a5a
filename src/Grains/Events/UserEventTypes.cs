namespace OrleansAuth.Grains;

/// <summary>Event types recorded by user grains (DESIGN.md §4, plus the two marked below).</summary>
public static class UserEventTypes
{
    public const string Registered = "user.registered";
    public const string EmailVerified = "user.email_verified";

    /// <summary>Not in DESIGN.md's list: a new verification token was issued (resend-verification); carries it as <c>verification_token</c>.</summary>
    public const string VerificationRequested = "user.verification_requested";

    public const string LoggedIn = "user.logged_in";
    public const string LoginFailed = "user.login_failed";
    public const string LockedOut = "user.locked_out";
    public const string PasswordChanged = "user.password_changed";
    public const string PasswordResetRequested = "user.password_reset_requested";
    public const string SessionRevoked = "session.revoked";
    public const string RefreshTokenReuseDetected = "refresh_token.reuse_detected";

    /// <summary>Not in DESIGN.md's list: an administrator changed the disabled flag or the roles (<c>disabled</c>, <c>roles</c>, <c>actor_id</c>).</summary>
    public const string Updated = "user.updated";

    /// <summary>Not in DESIGN.md's list: the account was deleted (<c>actor_id</c>); its sessions ended with it.</summary>
    public const string Deleted = "user.deleted";
}
