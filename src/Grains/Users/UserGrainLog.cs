using Microsoft.Extensions.Logging;

namespace OrleansAuth.Grains.Users;

// Emails, tokens and hashes are never logged: user and session ids identify what happened.
internal static partial class UserGrainLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "User {UserId} registered")]
    public static partial void Registered(this ILogger logger, Guid userId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "User {UserId} started session {SessionId}")]
    public static partial void LoggedIn(this ILogger logger, Guid userId, Guid sessionId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "User {UserId} locked out until {LockedUntil} after {Failures} failed password checks")]
    public static partial void LockedOut(this ILogger logger, Guid userId, DateTimeOffset lockedUntil, int failures);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Refresh token reuse on session {SessionId} of user {UserId}: session revoked")]
    public static partial void RefreshTokenReused(this ILogger logger, Guid userId, Guid sessionId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Re-hashed the password of user {UserId} with the configured algorithm and parameters")]
    public static partial void PasswordRehashed(this ILogger logger, Guid userId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "User {UserId} changed the password ({Method}); {Sessions} sessions ended")]
    public static partial void PasswordChanged(this ILogger logger, Guid userId, string method, int sessions);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "A state write of user grain failed; the activation is dropped so the next call reloads stored state")]
    public static partial void WriteFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "User {UserId} deleted by administrator {ActorId}")]
    public static partial void Deleted(this ILogger logger, Guid userId, Guid? actorId);
}
