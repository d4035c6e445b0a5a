using System.Text.Json;

namespace OrleansAuth.Api.Audit;

/// <summary>One audit_log row: who (user, acting admin), what (type, data without secrets), when, and where from.</summary>
internal sealed record AuditEntryResponse(
    Guid EventId,
    string Type,
    DateTimeOffset OccurredAt,
    string? UserId,
    string? Email,
    string? ActorId,
    string? ActorEmail,
    string? Ip,
    string? UserAgent,
    string? CorrelationId,
    JsonElement Data);
