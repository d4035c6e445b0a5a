namespace OrleansAuth.Grains.Interfaces;

public static class AuthErrorCodeExtensions
{
    /// <summary>The stable code of the HTTP contract, for example <c>INVALID_CREDENTIALS</c>.</summary>
    public static string ToCode(this AuthErrorCode code) => code switch
    {
        AuthErrorCode.ValidationError => "VALIDATION_ERROR",
        AuthErrorCode.PasswordMismatch => "PASSWORD_MISMATCH",
        AuthErrorCode.WeakPassword => "WEAK_PASSWORD",
        AuthErrorCode.DuplicateEmail => "DUPLICATE_EMAIL",
        AuthErrorCode.InvalidToken => "INVALID_TOKEN",
        AuthErrorCode.ExpiredToken => "EXPIRED_TOKEN",
        AuthErrorCode.TokenReused => "TOKEN_REUSED",
        AuthErrorCode.InvalidCredentials => "INVALID_CREDENTIALS",
        AuthErrorCode.AccountLocked => "ACCOUNT_LOCKED",
        AuthErrorCode.EmailNotVerified => "EMAIL_NOT_VERIFIED",
        AuthErrorCode.AccountDisabled => "ACCOUNT_DISABLED",
        AuthErrorCode.NotFound => "NOT_FOUND",
        AuthErrorCode.SelfLockout => "SELF_LOCKOUT",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown error code."),
    };
}
