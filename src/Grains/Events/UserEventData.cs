using System.Collections.Immutable;

namespace OrleansAuth.Grains.Events;

/// <summary>
/// The <c>data</c> object of every user event (snake_case JSON, absent members left out). Always <c>email</c>; the
/// other members per event type as documented in README.md's event table.
/// </summary>
internal sealed record UserEventData
{
    public required string Email { get; init; }

    public Guid? UserId { get; init; }

    public Guid? SessionId { get; init; }

    public string? Reason { get; init; }

    public string? VerificationToken { get; init; }

    public string? ResetToken { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? LockedUntil { get; init; }

    public int? LockoutSeconds { get; init; }

    public string? Ip { get; init; }

    public string? UserAgent { get; init; }

    public bool? Disabled { get; init; }

    public ImmutableArray<string>? Roles { get; init; }

    /// <summary>The id of the HTTP request that caused the event (X-Request-ID).</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The administrator who acted on this account, when one did.</summary>
    public Guid? ActorId { get; init; }

    public string? ActorEmail { get; init; }
}
