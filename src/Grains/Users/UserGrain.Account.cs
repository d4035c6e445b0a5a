using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Grains.Users;

// Registration, email verification and profile.
internal sealed partial class UserGrain
{
    public async Task<AuthResult<UserProfile>> RegisterAsync(string password, CancellationToken cancellationToken = default)
    {
        if (!EmailAddress.IsNormalized(GrainKey))
        {
            // Only a caller that skipped EmailAddress.TryNormalize gets here; refusing keeps one account per address.
            const string Message = "The email is not in normalized form.";
            return new AuthError(AuthErrorCode.ValidationError, Message, FieldErrors: [new FieldError("email", Message)]);
        }

        if (_policy.Check(password, GrainKey, "password") is { } weak)
        {
            return weak;
        }

        if (Exists)
        {
            return new AuthError(AuthErrorCode.DuplicateEmail, "An account with this email already exists.");
        }

        var hash = await _hasher.HashAsync(password, cancellationToken);
        var now = Now;
        User.UserId = Guid.NewGuid();
        User.Email = GrainKey;
        User.PasswordHash = hash;
        User.CreatedAt = now;
        User.Roles = [UserRoles.User];
        _ = EnsureAdminRole();
        var (token, pending) = IssuePendingToken(OpaqueTokenKind.EmailVerification, _options.EmailVerificationTokenLifetime);
        User.EmailVerification = pending;
        Record(UserEventTypes.Registered, EventData() with { VerificationToken = token.Value, ExpiresAt = pending.ExpiresAt, Roles = Roles() });
        await CommitAsync(cancellationToken);
        _logger.Registered(User.UserId);
        return Profile();
    }

    public async Task<AuthResult<UserProfile>> VerifyEmailAsync(string verificationToken, CancellationToken cancellationToken = default)
    {
        if (CheckPendingToken(verificationToken, OpaqueTokenKind.EmailVerification, User.EmailVerification) is { } error)
        {
            return error;
        }

        MarkEmailVerified();
        await CommitAsync(cancellationToken);
        return Profile();
    }

    public async Task<AuthResult> ResendVerificationAsync(CancellationToken cancellationToken = default)
    {
        if (!Exists || User.EmailVerified || User.Disabled)
        {
            return AuthResult.Success;
        }

        var (token, pending) = IssuePendingToken(OpaqueTokenKind.EmailVerification, _options.EmailVerificationTokenLifetime);
        User.EmailVerification = pending;
        Record(UserEventTypes.VerificationRequested, EventData() with { VerificationToken = token.Value, ExpiresAt = pending.ExpiresAt });
        await CommitAsync(cancellationToken);
        return AuthResult.Success;
    }

    public Task<AuthResult<UserProfile>> GetProfileAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default) =>
        Task.FromResult<AuthResult<UserProfile>>(CheckBearer(userId, sessionId, out _) is { } error ? error : Profile());

    private void MarkEmailVerified()
    {
        User.EmailVerification = null;
        if (!User.EmailVerified)
        {
            User.EmailVerified = true;
            User.EmailVerifiedAt = Now;
            Record(UserEventTypes.EmailVerified, EventData());
        }
    }
}
