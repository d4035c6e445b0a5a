using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Grains.Events;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Grains.Passwords;
using Orleans.Storage;
using OrleansAuth.Hosting;
using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Grains.Users;

/// <summary>
/// One account. Every decision (password checks, lockout counters, token rotation) happens inside the grain's turn,
/// so parallel requests for one account are serialized and counters cannot overshoot. Each turn that changes state
/// stores it together with the events it caused (<see cref="CommitAsync"/>), or neither.
/// </summary>
[GrainType("user")]
internal sealed partial class UserGrain : Grain, IUserGrain
{
    /// <summary>The grain state's name; unique per grain class, because Orleans' storage row key leaves out the grain type.</summary>
    private const string StateName = "user";

    private const int MaxUserAgentLength = 512;
    private const int MaxClientAddressLength = 64;

    private readonly IPersistentState<UserState> _state;
    private readonly PasswordHasher _hasher;
    private readonly PasswordPolicy _policy;
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;
    private readonly IGrainEventRecorder _eventRecorder;
    private readonly ILogger<UserGrain> _logger;

    // Failed logins for an email without an account: kept in memory only (there is nothing to persist), so that such
    // an email locks like a real account and ACCOUNT_LOCKED does not reveal which emails are registered.
    private readonly LockoutState _unknownAccountLockout = new();

    public UserGrain(
        [PersistentState(StateName, GrainStorageProviders.Auth)] IPersistentState<UserState> state,
        PasswordHasher hasher,
        PasswordPolicy policy,
        IOptions<AuthOptions> options,
        [FromKeyedServices(ServiceClock.Key)] TimeProvider time,
        IGrainEventRecorder eventRecorder,
        ILogger<UserGrain> logger)
    {
        _state = state;
        _hasher = hasher;
        _policy = policy;
        _options = options.Value;
        _time = time;
        _eventRecorder = eventRecorder;
        _logger = logger;
    }

    private UserState User => _state.State;

    /// <summary>The normalized email this grain is keyed by.</summary>
    private string GrainKey => this.GetPrimaryKeyString();

    private bool Exists => User.UserId != Guid.Empty;

    private DateTimeOffset Now => _time.GetUtcNow();

    private static AuthError InvalidToken { get; } = new(AuthErrorCode.InvalidToken, "The token is invalid or has been revoked.");

    private static AuthError ExpiredToken { get; } = new(AuthErrorCode.ExpiredToken, "The token has expired.");

    private static AuthError InvalidCredentials { get; } = new(AuthErrorCode.InvalidCredentials, "The email or password is incorrect.");

    /// <summary>Stores the state with the events recorded in this turn; on any failure the activation is dropped.</summary>
    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        User.UpdatedAt = Now;
        try
        {
            await _state.WriteStateAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            // The in-memory state now holds changes that were not stored (or were stored by a newer activation):
            // the runtime must not serve further calls from it.
            _logger.WriteFailed(exception);
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            User.ClearPendingEvents();
        }
    }

    /// <summary>Records the events of this turn without a state change (for example a login failure of an unknown email).</summary>
    private async Task RecordEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _eventRecorder.RecordAsync(this.GetGrainId(), StateName, _state.Etag, User.PendingEvents, cancellationToken);
        }
        catch (InconsistentStateException exception)
        {
            _logger.WriteFailed(exception);
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            User.ClearPendingEvents();
        }
    }

    private void Record(string type, UserEventData data)
    {
        var now = Now;
        data = WithRequestDetails(data);
        User.AddPendingEvent(new GrainEvent(Guid.CreateVersion7(now), type, now, JsonSerializer.Serialize(data, UserGrainJsonContext.Default.UserEventData)));
    }

    private UserEventData EventData(Guid? sessionId = null) => new()
    {
        Email = Exists ? User.Email : GrainKey,
        UserId = Exists ? User.UserId : null,
        SessionId = sessionId,
    };

    /// <summary>The caller's session for an operation behind a bearer token, or why there is none.</summary>
    private AuthError? CheckBearer(Guid userId, Guid sessionId, out SessionState session)
    {
        session = null!;
        if (!Exists || User.Disabled || User.UserId != userId || FindActiveSession(sessionId) is not { } found)
        {
            return InvalidToken;
        }

        session = found;
        return null;
    }

    private UserProfile Profile() => new(
        User.UserId,
        User.Email,
        User.EmailVerified,
        User.EmailVerifiedAt,
        [.. User.Roles],
        User.Disabled,
        User.CreatedAt,
        User.UpdatedAt);

    private ImmutableArray<string> Roles() => [.. User.Roles];

    /// <summary>Issues a single-use token of <paramref name="kind"/>; only its hash goes into the returned entry.</summary>
    private (OpaqueToken Token, PendingToken Pending) IssuePendingToken(OpaqueTokenKind kind, TimeSpan lifetime)
    {
        var token = OpaqueToken.Issue(kind, GrainKey, Guid.NewGuid());
        return (token, new PendingToken { Id = token.Handle, Hash = token.ComputeHash(), ExpiresAt = Now + lifetime });
    }

    /// <summary>Checks a presented single-use token against the pending entry: null when it is the valid one.</summary>
    private AuthError? CheckPendingToken(string? presented, OpaqueTokenKind kind, PendingToken? pending)
    {
        if (!Exists
            || pending is null
            || !OpaqueToken.TryParse(presented, out var token)
            || token.Kind != kind
            || !string.Equals(token.GrainKey, GrainKey, StringComparison.Ordinal)
            || token.Handle != pending.Id
            || !token.Matches(pending.Hash))
        {
            return InvalidToken;
        }

        // Only a genuine token learns that it expired.
        return Now >= pending.ExpiresAt ? ExpiredToken : null;
    }

    private static string? Truncate(string? value, int maxLength) =>
        value is null ? null : value.Length <= maxLength ? value : value[..maxLength];

    private bool IsAdminEmail() =>
        _options.AdminEmails.Any(email => EmailAddress.TryNormalize(email, out var normalized) && normalized == GrainKey);

    /// <summary>Grants <c>admin</c> to an email of <c>Auth:AdminEmails</c>; true when the roles changed.</summary>
    private bool EnsureAdminRole()
    {
        if (IsAdminEmail() && !User.Roles.Contains(UserRoles.Admin))
        {
            User.Roles.Add(UserRoles.Admin);
            return true;
        }

        return false;
    }
}
