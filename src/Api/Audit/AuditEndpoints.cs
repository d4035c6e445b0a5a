using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OrleansAuth.Api.Auth;
using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Audit;

/// <summary>GET /api/v1/audit (DESIGN.md §4): the audit log for administrators, filtered and paged, newest first.</summary>
internal static class AuditEndpoints
{
    public const string Path = "/api/v1/audit";

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup(Path)
            .WithTags("Audit")
            .RequireAuthorization(AdminPolicy.Name)
            .MapGet("", List).WithName("ListAudit")
            .WithSummary("Audit events (who, what, when, client address, user agent, correlation id), newest first; admin only.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return endpoints;
    }

    public static async Task<Results<Ok<AuditPageResponse>, ProblemHttpResult>> List(
        [FromQuery(Name = "user_id")] string? userId,
        [FromQuery(Name = "type")] string? type,
        [FromQuery(Name = "page")] string? page,
        [FromQuery(Name = "page_size")] string? pageSize,
        AuditLogStore store,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (AuditQuery.TryParse(userId, type, page, pageSize, errors) is not { } query)
        {
            return ApiProblems.Validation(errors.ToDictionary());
        }

        context.Response.Headers.CacheControl = "no-store";
        var (items, total) = await store.ReadPageAsync(query, cancellationToken);
        return TypedResults.Ok(new AuditPageResponse(items, query.Page, query.PageSize, total));
    }
}
