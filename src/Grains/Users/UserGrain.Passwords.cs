using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Grains.Passwords;

namespace OrleansAuth.Grains.Users;

// Login, lockout and password changes.
internal sealed partial class UserGrain
{
    public async Task<AuthResult<SessionGrant>> LoginAsync(LoginRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var password = request.Password ?? string.Empty;
        var ip = Truncate(request.ClientAddress, MaxClientAddressLength);
        var userAgent = Truncate(request.UserAgent, MaxUserAgentLength);
        var failure = EventData() with { Ip = ip, UserAgent = userAgent };

        if (!Exists)
        {
            return await FailUnknownAccountLoginAsync(password, failure, cancellationToken);
        }

        if (LockedFor(User.Lockout) is { } remaining)
        {
            // No hash work while locked: the answer is the same whatever the password, and an attacker gets no oracle.
            Record(UserEventTypes.LoginFailed, failure with { Reason = LoginFailureReason.AccountLocked });
            await RecordEventsAsync(cancellationToken);
            return Locked(remaining);
        }

        var verification = await _hasher.VerifyAsync(password, User.PasswordHash, cancellationToken);
        if (verification == PasswordVerification.Failed)
        {
            Record(UserEventTypes.LoginFailed, failure with { Reason = LoginFailureReason.InvalidPassword });
            CountFailure();
            await CommitAsync(cancellationToken);
            return InvalidCredentials;
        }

        // The password is right: failures stop counting even when the login is refused below.
        var stateChanged = User.Lockout.FailedAttempts != 0;
        User.Lockout.FailedAttempts = 0;
        if (User.Disabled || (_options.RequireVerifiedEmail && !User.EmailVerified))
        {
            var disabled = User.Disabled;
            Record(UserEventTypes.LoginFailed, failure with { Reason = disabled ? LoginFailureReason.AccountDisabled : LoginFailureReason.EmailNotVerified });
            await (stateChanged ? CommitAsync(cancellationToken) : RecordEventsAsync(cancellationToken));
            return disabled
                ? new AuthError(AuthErrorCode.AccountDisabled, "The account is disabled.")
                : new AuthError(AuthErrorCode.EmailNotVerified, "The email address has not been verified yet.");
        }

        User.Lockout.LockCount = 0;
        User.Lockout.LockedUntil = null;
        if (verification == PasswordVerification.SucceededRehashNeeded)
        {
            User.PasswordHash = await _hasher.HashAsync(password, cancellationToken);
            _logger.PasswordRehashed(User.UserId);
        }

        if (EnsureAdminRole())
        {
            // The email was added to Auth:AdminEmails after registration: the users projection follows user.updated.
            Record(UserEventTypes.Updated, EventData() with { Disabled = User.Disabled, Roles = Roles() });
        }

        var (session, token) = StartSession(userAgent, ip);
        Record(UserEventTypes.LoggedIn, EventData(session.Id) with { Ip = ip, UserAgent = userAgent });
        await CommitAsync(cancellationToken);
        _logger.LoggedIn(User.UserId, session.Id);
        return Grant(session, token);
    }

    public async Task<AuthResult> ChangePasswordAsync(Guid userId, Guid sessionId, ChangePasswordRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CheckBearer(userId, sessionId, out var current) is { } unauthorized)
        {
            return unauthorized;
        }

        if (LockedFor(User.Lockout) is { } remaining)
        {
            return Locked(remaining);
        }

        if (_policy.Check(request.NewPassword, GrainKey, "new_password") is { } weak)
        {
            return weak;
        }

        // A stolen access token must not allow unlimited guessing: a wrong current password counts like a failed login.
        if (await _hasher.VerifyAsync(request.CurrentPassword ?? string.Empty, User.PasswordHash, cancellationToken) == PasswordVerification.Failed)
        {
            Record(UserEventTypes.LoginFailed, EventData(sessionId) with { Reason = LoginFailureReason.InvalidPassword });
            CountFailure();
            await CommitAsync(cancellationToken);
            return InvalidCredentials;
        }

        User.PasswordHash = await _hasher.HashAsync(request.NewPassword, cancellationToken);
        User.Lockout.FailedAttempts = 0;

        // An outstanding reset link must not undo the change.
        User.PasswordReset = null;
        var others = User.Sessions.Where(session => session.Id != current.Id).ToList();
        EndSessions(others, SessionRevocationReason.PasswordChanged);
        Record(UserEventTypes.PasswordChanged, EventData(sessionId) with { Reason = "change" });
        await CommitAsync(cancellationToken);
        _logger.PasswordChanged(User.UserId, "change", others.Count);
        return AuthResult.Success;
    }

    public async Task<AuthResult> ForgotPasswordAsync(CancellationToken cancellationToken = default)
    {
        if (!Exists || User.Disabled)
        {
            return AuthResult.Success;
        }

        var (token, pending) = IssuePendingToken(OpaqueTokenKind.PasswordReset, _options.PasswordResetTokenLifetime);
        User.PasswordReset = pending;
        Record(UserEventTypes.PasswordResetRequested, EventData() with { ResetToken = token.Value, ExpiresAt = pending.ExpiresAt });
        await CommitAsync(cancellationToken);
        return AuthResult.Success;
    }

    public async Task<AuthResult> ResetPasswordAsync(ResetPasswordRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CheckPendingToken(request.ResetToken, OpaqueTokenKind.PasswordReset, User.PasswordReset) is { } invalid)
        {
            return invalid;
        }

        // A weak new password leaves the token usable for a better one.
        if (_policy.Check(request.NewPassword, GrainKey, "new_password") is { } weak)
        {
            return weak;
        }

        User.PasswordHash = await _hasher.HashAsync(request.NewPassword, cancellationToken);
        User.PasswordReset = null;
        User.Lockout = new LockoutState();

        // The reset link reached the mailbox, which proves it as well as the verification link would.
        MarkEmailVerified();
        var sessions = User.Sessions.ToList();
        EndSessions(sessions, SessionRevocationReason.PasswordReset);
        Record(UserEventTypes.PasswordChanged, EventData() with { Reason = "reset" });
        await CommitAsync(cancellationToken);
        _logger.PasswordChanged(User.UserId, "reset", sessions.Count);
        return AuthResult.Success;
    }

    private async Task<AuthResult<SessionGrant>> FailUnknownAccountLoginAsync(string password, Events.UserEventData failure, CancellationToken cancellationToken)
    {
        Record(UserEventTypes.LoginFailed, failure with { Reason = LoginFailureReason.UnknownEmail });
        if (LockedFor(_unknownAccountLockout) is { } remaining)
        {
            await RecordEventsAsync(cancellationToken);
            return Locked(remaining);
        }

        await _hasher.VerifyDummyAsync(password, cancellationToken);
        await RecordEventsAsync(cancellationToken);
        CountFailure(_unknownAccountLockout, recordEvent: false);
        return InvalidCredentials;
    }

    private void CountFailure() => CountFailure(User.Lockout, recordEvent: true);

    /// <summary>Counts a failed password check; the one that reaches the threshold locks the account.</summary>
    private void CountFailure(LockoutState lockout, bool recordEvent)
    {
        lockout.FailedAttempts++;
        if (lockout.FailedAttempts < _options.Lockout.MaxFailures)
        {
            return;
        }

        var duration = LockDuration(lockout.LockCount);
        lockout.LockCount++;
        lockout.FailedAttempts = 0;
        lockout.LockedUntil = Now + duration;
        if (recordEvent)
        {
            Record(UserEventTypes.LockedOut, EventData() with { LockedUntil = lockout.LockedUntil, LockoutSeconds = (int)Math.Ceiling(duration.TotalSeconds) });
            _logger.LockedOut(User.UserId, lockout.LockedUntil.Value, _options.Lockout.MaxFailures);
        }
    }

    /// <summary>BaseDuration × 2^previousLocks, capped at MaxDuration.</summary>
    private TimeSpan LockDuration(int previousLocks)
    {
        var lockout = _options.Lockout;

        // Past 2^20 any sane base exceeds any sane cap; stopping there avoids overflow.
        var factor = Math.Pow(2, Math.Min(previousLocks, 20));
        var ticks = Math.Min(lockout.BaseDuration.Ticks * factor, lockout.MaxDuration.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private TimeSpan? LockedFor(LockoutState lockout) =>
        lockout.LockedUntil is { } until && until > Now ? until - Now : null;

    private static AuthError Locked(TimeSpan remaining) =>
        new(AuthErrorCode.AccountLocked, "Too many failed attempts; the account is locked for now.", RetryAfter: TimeSpan.FromSeconds(Math.Ceiling(remaining.TotalSeconds)));
}
