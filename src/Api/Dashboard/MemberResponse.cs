namespace OrleansAuth.Api.Dashboard;

/// <summary>One row of the membership table: identity, name, status, start, last heartbeat and suspicion votes.</summary>
internal sealed record MemberResponse(string Address, string Name, string Status, DateTimeOffset StartTime, DateTimeOffset LastHeartbeat, int Suspicions);
