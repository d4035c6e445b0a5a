namespace OrleansAuth.Api.Dashboard;

/// <summary>GET /dashboard/api/membership: the membership view and recent events, newest first.</summary>
internal sealed record MembershipResponse(long Version, IReadOnlyList<MemberResponse> Members, IReadOnlyList<MembershipEvent> Events);
