namespace OrleansAuth.Grains.Users;

/// <summary>The <c>reason</c> of a <c>user.login_failed</c> event (never shown to the client, which sees one answer).</summary>
internal static class LoginFailureReason
{
    public const string UnknownEmail = "unknown_email";
    public const string InvalidPassword = "invalid_password";
    public const string AccountLocked = "account_locked";
    public const string EmailNotVerified = "email_not_verified";
    public const string AccountDisabled = "account_disabled";
}
