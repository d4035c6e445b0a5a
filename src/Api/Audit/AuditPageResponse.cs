namespace OrleansAuth.Api.Audit;

/// <summary>GET /api/v1/audit: one page, newest first, and how many entries match in all.</summary>
internal sealed record AuditPageResponse(IReadOnlyList<AuditEntryResponse> Items, int Page, int PageSize, long Total);
