using Orleans.Concurrency;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>
/// One user account, keyed by its normalized email (<see cref="EmailAddress.TryNormalize(string?, out string?, out string?)"/>).
/// Every expected failure is returned as an <see cref="AuthError"/> with a stable <see cref="AuthErrorCode"/>; exceptions
/// mean bugs or infrastructure faults. Every state change is stored together with the events it causes.
/// Operations behind a bearer token take the token's user id (<c>sub</c>) and session id (<c>sid</c>): they fail with
/// <see cref="AuthErrorCode.InvalidToken"/> when that session has ended or the account behind the email is another one.
/// </summary>
[Alias("OrleansAuth.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the account (DUPLICATE_EMAIL when it exists; WEAK_PASSWORD / VALIDATION_ERROR from the password policy).
    /// Records <c>user.registered</c> with the verification token.
    /// </summary>
    [Alias("Register")]
    Task<AuthResult<UserProfile>> RegisterAsync(string password, CancellationToken cancellationToken = default);

    /// <summary>Marks the email verified (INVALID_TOKEN / EXPIRED_TOKEN); the token works once.</summary>
    [Alias("VerifyEmail")]
    Task<AuthResult<UserProfile>> VerifyEmailAsync(string verificationToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Issues a new verification token (replacing the pending one) for an unverified account and records
    /// <c>user.verification_requested</c>. Succeeds without effect for unknown or verified accounts, so the answer
    /// reveals nothing.
    /// </summary>
    [Alias("ResendVerification")]
    Task<AuthResult> ResendVerificationAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks the password and starts a session: INVALID_CREDENTIALS (also for an unknown email, after the same hash
    /// work), ACCOUNT_LOCKED with <see cref="AuthError.RetryAfter"/>, EMAIL_NOT_VERIFIED, ACCOUNT_DISABLED.
    /// </summary>
    [Alias("Login")]
    Task<AuthResult<SessionGrant>> LoginAsync(LoginRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rotates a refresh token: the presented token ends and the next one of the same session is returned.
    /// INVALID_TOKEN, EXPIRED_TOKEN, or TOKEN_REUSED (an already rotated token: the whole session is revoked, except
    /// for the token rotated within <c>Auth:RefreshReuseLeeway</c>, which gets a valid pair of the same session).
    /// </summary>
    [Alias("Refresh")]
    Task<AuthResult<SessionGrant>> RefreshAsync(RefreshRequest request, CancellationToken cancellationToken = default);

    /// <summary>Ends the caller's session.</summary>
    [Alias("Logout")]
    Task<AuthResult> LogoutAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of the account, the caller's included.</summary>
    [Alias("LogoutAll")]
    Task<AuthResult> LogoutAllAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default);

    /// <summary>The account as <c>GET /me</c> shows it.</summary>
    [ReadOnly]
    [Alias("GetProfile")]
    Task<AuthResult<UserProfile>> GetProfileAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default);

    /// <summary>The active (not ended, not expired) sessions, newest first; the caller's is marked current.</summary>
    [ReadOnly]
    [Alias("GetSessions")]
    Task<AuthResult<SessionList>> GetSessionsAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default);

    /// <summary>Ends one active session of the account (NOT_FOUND when there is no such active session).</summary>
    [Alias("RevokeSession")]
    Task<AuthResult> RevokeSessionAsync(Guid userId, Guid sessionId, Guid targetSessionId, CancellationToken cancellationToken = default);

    /// <summary>Whether the session is still active; cheap (read-only, interleaves with other readers).</summary>
    [ReadOnly]
    [Alias("ValidateSession")]
    Task<AuthResult<ActiveSession>> ValidateSessionAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the password and ends every other session. A wrong current password is INVALID_CREDENTIALS and counts
    /// towards the lockout like a failed login.
    /// </summary>
    [Alias("ChangePassword")]
    Task<AuthResult> ChangePasswordAsync(Guid userId, Guid sessionId, ChangePasswordRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Issues a password-reset token (replacing a pending one) and records <c>user.password_reset_requested</c> with it.
    /// Succeeds without effect for an unknown email, so the answer reveals nothing.
    /// </summary>
    [Alias("ForgotPassword")]
    Task<AuthResult> ForgotPasswordAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets a new password with a reset token (INVALID_TOKEN / EXPIRED_TOKEN, single use) and ends every session.</summary>
    [Alias("ResetPassword")]
    Task<AuthResult> ResetPasswordAsync(ResetPasswordRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Administrative change of the disabled flag and/or roles; disabling ends every session. NOT_FOUND for no account
    /// (or another one than <see cref="AccountUpdate.UserId"/>), VALIDATION_ERROR for bad roles, SELF_LOCKOUT when an
    /// administrator would disable or demote themselves. Records <c>user.updated</c>.
    /// </summary>
    [Alias("UpdateAccount")]
    Task<AuthResult<UserProfile>> UpdateAccountAsync(AccountUpdate update, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the account: every session ends, the credentials and pending tokens are erased, <c>user.deleted</c> is
    /// recorded, and the email can register again as a new account (new user id; tokens of the old one stay invalid).
    /// NOT_FOUND for no account or another one than <see cref="AccountDeletion.UserId"/>; SELF_LOCKOUT for one's own.
    /// </summary>
    [Alias("DeleteAccount")]
    Task<AuthResult> DeleteAccountAsync(AccountDeletion deletion, CancellationToken cancellationToken = default);
}
