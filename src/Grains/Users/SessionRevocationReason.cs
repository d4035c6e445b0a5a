namespace OrleansAuth.Grains.Users;

/// <summary>The <c>reason</c> of a <c>session.revoked</c> event.</summary>
internal static class SessionRevocationReason
{
    public const string Logout = "logout";
    public const string LogoutAll = "logout_all";
    public const string Revoked = "revoked";
    public const string PasswordChanged = "password_changed";
    public const string PasswordReset = "password_reset";
    public const string TokenReuse = "token_reuse";
    public const string AccountDisabled = "account_disabled";
    public const string AccountDeleted = "account_deleted";
    public const string SessionLimit = "session_limit";
}
