using System.Security.Cryptography;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Grains.Users;

// Sessions and refresh-token rotation with reuse detection (RFC 9700 §4.14.2).
internal sealed partial class UserGrain
{
    /// <summary>Most tokens one generation may have: each extra one is a leeway answer to a concurrent refresh.</summary>
    internal const int MaxTokensPerGeneration = 32;

    /// <summary>Older generations whose reuse is still recognized (and punished) rather than treated as garbage.</summary>
    internal const int MaxRetiredTokenHashes = 16;

    private const int RetiredHashLength = 16;

    public async Task<AuthResult<SessionGrant>> RefreshAsync(RefreshRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!OpaqueToken.TryParse(request.RefreshToken, out var token)
            || token.Kind != OpaqueTokenKind.Refresh
            || !string.Equals(token.GrainKey, GrainKey, StringComparison.Ordinal)
            || !Exists
            || User.Disabled
            || User.Sessions.Find(s => s.Id == token.Handle) is not { } session)
        {
            return InvalidToken;
        }

        var now = Now;
        var hash = token.ComputeHash();
        var userAgent = Truncate(request.UserAgent, MaxUserAgentLength);
        var ip = Truncate(request.ClientAddress, MaxClientAddressLength);
        if (ContainsHash(session.CurrentTokenHashes, hash))
        {
            if (now >= session.ExpiresAt)
            {
                return ExpiredToken;
            }

            var next = Rotate(session);
            Touch(session, userAgent, ip);
            await CommitAsync(cancellationToken);
            return Grant(session, next);
        }

        var justRotated = ContainsHash(session.PreviousTokenHashes, hash);
        if (justRotated && now >= session.ExpiresAt)
        {
            return ExpiredToken;
        }

        if (justRotated && session.RotatedAt is { } rotatedAt && now - rotatedAt <= _options.RefreshReuseLeeway
            && session.CurrentTokenHashes.Count < MaxTokensPerGeneration)
        {
            // Two tabs refreshed with the same token: answer the late one with another token of the current
            // generation, so the session does not fork and neither tab is logged out.
            var sibling = IssueRefreshToken(session);
            session.CurrentTokenHashes.Add(sibling.ComputeHash());
            Touch(session, userAgent, ip);
            await CommitAsync(cancellationToken);
            return Grant(session, sibling);
        }

        if (justRotated || ContainsRetired(session.RetiredTokenHashes, hash))
        {
            // Either the client or an attacker holds a stolen copy; we cannot tell which, so the session ends.
            Record(UserEventTypes.RefreshTokenReuseDetected, EventData(session.Id) with { Ip = ip, UserAgent = userAgent });
            EndSessions([session], SessionRevocationReason.TokenReuse);
            await CommitAsync(cancellationToken);
            _logger.RefreshTokenReused(User.UserId, session.Id);
            return new AuthError(AuthErrorCode.TokenReused, "The refresh token was already used; the session has been revoked.");
        }

        return InvalidToken;
    }

    public async Task<AuthResult> LogoutAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        if (CheckBearer(userId, sessionId, out var session) is { } error)
        {
            return error;
        }

        EndSessions([session], SessionRevocationReason.Logout);
        await CommitAsync(cancellationToken);
        return AuthResult.Success;
    }

    public async Task<AuthResult> LogoutAllAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        if (CheckBearer(userId, sessionId, out _) is { } error)
        {
            return error;
        }

        EndSessions(User.Sessions.ToList(), SessionRevocationReason.LogoutAll);
        await CommitAsync(cancellationToken);
        return AuthResult.Success;
    }

    public Task<AuthResult<SessionList>> GetSessionsAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        if (CheckBearer(userId, sessionId, out _) is { } error)
        {
            return Task.FromResult<AuthResult<SessionList>>(error);
        }

        var now = Now;
        var sessions = User.Sessions
            .Where(session => session.ExpiresAt > now)
            .OrderByDescending(session => session.CreatedAt)
            .Select(session => new SessionInfo(session.Id, session.CreatedAt, session.LastUsedAt, session.ExpiresAt, session.UserAgent, session.ClientAddress, session.Id == sessionId));
        return Task.FromResult<AuthResult<SessionList>>(new SessionList([.. sessions]));
    }

    public async Task<AuthResult> RevokeSessionAsync(Guid userId, Guid sessionId, Guid targetSessionId, CancellationToken cancellationToken = default)
    {
        if (CheckBearer(userId, sessionId, out _) is { } error)
        {
            return error;
        }

        if (FindActiveSession(targetSessionId) is not { } target)
        {
            return new AuthError(AuthErrorCode.NotFound, "No such active session.");
        }

        EndSessions([target], SessionRevocationReason.Revoked);
        await CommitAsync(cancellationToken);
        return AuthResult.Success;
    }

    public Task<AuthResult<ActiveSession>> ValidateSessionAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default) =>
        Task.FromResult<AuthResult<ActiveSession>>(CheckBearer(userId, sessionId, out var session) is { } error
            ? error
            : new ActiveSession(User.UserId, User.Email, session.Id, Roles(), session.ExpiresAt));

    private SessionState? FindActiveSession(Guid sessionId) =>
        User.Sessions.Find(session => session.Id == sessionId) is { } session && session.ExpiresAt > Now ? session : null;

    /// <summary>Starts a session, first making room: expired sessions go, then the least recently used active ones.</summary>
    private (SessionState Session, OpaqueToken Token) StartSession(string? userAgent, string? ip)
    {
        var now = Now;
        User.Sessions.RemoveAll(session => session.ExpiresAt <= now);
        var surplus = User.Sessions.Count - (_options.MaxSessionsPerUser - 1);
        if (surplus > 0)
        {
            EndSessions([.. User.Sessions.OrderBy(session => session.LastUsedAt).Take(surplus)], SessionRevocationReason.SessionLimit);
        }

        var session = new SessionState
        {
            Id = Guid.NewGuid(),
            CreatedAt = now,
            LastUsedAt = now,
            UserAgent = userAgent,
            ClientAddress = ip,
        };
        var token = IssueRefreshToken(session);
        session.CurrentTokenHashes.Add(token.ComputeHash());
        User.Sessions.Add(session);
        return (session, token);
    }

    /// <summary>Moves the session to its next generation and returns that generation's token.</summary>
    private OpaqueToken Rotate(SessionState session)
    {
        foreach (var previous in session.PreviousTokenHashes)
        {
            session.RetiredTokenHashes.Add(previous[..RetiredHashLength]);
        }

        if (session.RetiredTokenHashes.Count > MaxRetiredTokenHashes)
        {
            session.RetiredTokenHashes.RemoveRange(0, session.RetiredTokenHashes.Count - MaxRetiredTokenHashes);
        }

        var next = IssueRefreshToken(session);
        session.PreviousTokenHashes = session.CurrentTokenHashes;
        session.CurrentTokenHashes = [next.ComputeHash()];
        session.RotatedAt = Now;
        session.Generation++;
        return next;
    }

    /// <summary>A new refresh token of <paramref name="session"/>; the session's expiry slides to the token's.</summary>
    private OpaqueToken IssueRefreshToken(SessionState session)
    {
        session.ExpiresAt = Now + _options.RefreshTokenLifetime;
        return OpaqueToken.Issue(OpaqueTokenKind.Refresh, GrainKey, session.Id);
    }

    private void Touch(SessionState session, string? userAgent, string? ip)
    {
        session.LastUsedAt = Now;
        session.UserAgent = userAgent ?? session.UserAgent;
        session.ClientAddress = ip ?? session.ClientAddress;
    }

    /// <summary>Removes sessions (their refresh tokens stop working at once) and records why.</summary>
    private void EndSessions(IReadOnlyList<SessionState> sessions, string reason)
    {
        foreach (var session in sessions)
        {
            User.Sessions.Remove(session);
            Record(UserEventTypes.SessionRevoked, EventData(session.Id) with { Reason = reason });
        }
    }

    private SessionGrant Grant(SessionState session, OpaqueToken token) =>
        new(User.UserId, User.Email, Roles(), session.Id, token.Value, session.ExpiresAt, Now);

    private static bool ContainsHash(List<byte[]> hashes, byte[] hash)
    {
        // Every entry is compared in constant time, and all of them, so timing does not tell which matched.
        var found = false;
        foreach (var candidate in hashes)
        {
            found |= CryptographicOperations.FixedTimeEquals(candidate, hash);
        }

        return found;
    }

    private static bool ContainsRetired(List<byte[]> retired, byte[] hash)
    {
        var found = false;
        foreach (var candidate in retired)
        {
            found |= CryptographicOperations.FixedTimeEquals(candidate, hash.AsSpan(0, RetiredHashLength));
        }

        return found;
    }
}
