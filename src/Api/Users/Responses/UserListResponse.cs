namespace OrleansAuth.Api.Users.Responses;

/// <summary>200 of GET /api/v1/users: one page, oldest account first.</summary>
internal sealed record UserListResponse(IReadOnlyList<AdminUserResponse> Items, int Page, int PageSize, long Total);
