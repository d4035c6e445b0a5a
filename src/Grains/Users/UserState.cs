using System.Text.Json.Serialization;
using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Grains.Users;

/// <summary>The persisted state of one account (grain state "user"). Only the owning grain touches it, one turn at a time.</summary>
internal sealed class UserState : IGrainStateWithEvents
{
    private readonly List<GrainEvent> _pendingEvents = [];

    /// <summary>Empty until registration; an account exists exactly when this is set.</summary>
    public Guid UserId { get; set; }

    /// <summary>The normalized email, equal to the grain key.</summary>
    public string Email { get; set; } = string.Empty;

    /// <summary>PHC-format hash string; its prefix and parameters say how it was made.</summary>
    public string PasswordHash { get; set; } = string.Empty;

    public bool EmailVerified { get; set; }

    public DateTimeOffset? EmailVerifiedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<string> Roles { get; set; } = [];

    public bool Disabled { get; set; }

    public LockoutState Lockout { get; set; } = new();

    /// <summary>Active sessions only: ended and expired ones are dropped on every write (see <c>PruneSessions</c>).</summary>
    public List<SessionState> Sessions { get; set; } = [];

    public PendingToken? EmailVerification { get; set; }

    public PendingToken? PasswordReset { get; set; }

    /// <summary>The events of the current turn: stored with the next write (never part of the state row).</summary>
    [JsonIgnore]
    public IReadOnlyList<GrainEvent> PendingEvents => _pendingEvents;

    public void AddPendingEvent(GrainEvent grainEvent) => _pendingEvents.Add(grainEvent);

    public void ClearPendingEvents() => _pendingEvents.Clear();

    /// <summary>A state with no account that still carries this turn's events (deletion records what it deleted).</summary>
    public UserState Emptied()
    {
        var emptied = new UserState();
        emptied._pendingEvents.AddRange(_pendingEvents);
        return emptied;
    }
}
