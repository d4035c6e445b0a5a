using System.Text.Json.Serialization;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>
/// Why an operation of <see cref="IUserGrain"/> failed. Each value has a stable wire code
/// (<see cref="AuthErrorCodeExtensions.ToCode"/>) matching the HTTP contract; the API picks the status code.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuthErrorCode>))]
[GenerateSerializer]
[Alias("OrleansAuth.AuthErrorCode")]
public enum AuthErrorCode
{
    /// <summary>VALIDATION_ERROR (400): malformed input, see <see cref="AuthError.FieldErrors"/>.</summary>
    ValidationError = 1,

    /// <summary>PASSWORD_MISMATCH (400): password and its confirmation differ (checked at the API edge).</summary>
    PasswordMismatch,

    /// <summary>WEAK_PASSWORD (400): too short, on the common-password list, or failing the composition rule.</summary>
    WeakPassword,

    /// <summary>DUPLICATE_EMAIL (409).</summary>
    DuplicateEmail,

    /// <summary>INVALID_TOKEN (400 for verify/reset, 401 for refresh and bearer operations).</summary>
    InvalidToken,

    /// <summary>EXPIRED_TOKEN (400 for verify/reset, 401 for refresh).</summary>
    ExpiredToken,

    /// <summary>TOKEN_REUSED (401): an already rotated refresh token was presented; its session has been revoked.</summary>
    TokenReused,

    /// <summary>INVALID_CREDENTIALS (401): wrong password or unknown email, indistinguishable.</summary>
    InvalidCredentials,

    /// <summary>ACCOUNT_LOCKED (429 with Retry-After from <see cref="AuthError.RetryAfter"/>).</summary>
    AccountLocked,

    /// <summary>EMAIL_NOT_VERIFIED (403) when <c>Auth:RequireVerifiedEmail</c> is set.</summary>
    EmailNotVerified,

    /// <summary>ACCOUNT_DISABLED (403): the right password of a disabled account.</summary>
    AccountDisabled,

    /// <summary>NOT_FOUND (404).</summary>
    NotFound,

    /// <summary>SELF_LOCKOUT (409): an administrator tried to disable, delete or demote their own account.</summary>
    SelfLockout,
}
