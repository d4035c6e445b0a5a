namespace OrleansAuth.Grains.Interfaces;

/// <summary>What an <see cref="OpaqueToken"/> is for; a token of one kind is never accepted as another.</summary>
public enum OpaqueTokenKind
{
    /// <summary>Refresh token of a session (prefix <c>oart_</c>); its handle is the session id.</summary>
    Refresh = 1,

    /// <summary>Email verification token (prefix <c>oaev_</c>).</summary>
    EmailVerification,

    /// <summary>Password reset token (prefix <c>oapr_</c>).</summary>
    PasswordReset,
}
