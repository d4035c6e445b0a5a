namespace OrleansAuth.Api.Auth.Requests;

/// <summary>JSON field names of the request bodies, as validation errors name them.</summary>
internal static class FieldNames
{
    public const string Email = "email";
    public const string Password = "password";
    public const string PasswordConfirmation = "password_confirmation";
    public const string Token = "token";
    public const string RefreshToken = "refresh_token";
    public const string CurrentPassword = "current_password";
    public const string NewPassword = "new_password";
    public const string NewPasswordConfirmation = "new_password_confirmation";

    /// <summary>Passwords longer than the policy allows are refused by the policy (WEAK_PASSWORD); this bound only
    /// keeps absurd input away from the hashing work.</summary>
    public const int MaxPasswordLength = 4096;

    /// <summary>Raw email input bound (the normalizer refuses longer input too).</summary>
    public const int MaxEmailLength = 1024;

    /// <summary>Every opaque token is shorter (OpaqueToken.MaxLength); JWTs are bounded by Auth:MaxAccessTokenBytes.</summary>
    public const int MaxTokenLength = 65536;
}
