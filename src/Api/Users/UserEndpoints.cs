using OrleansAuth.Api.Auth;
using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Users;

/// <summary>
/// /api/v1/users (DESIGN.md §4): administrators list, read, disable/enable, re-role and delete accounts. Listing and
/// reading use the users projection; changes go through the user's grain, which enforces the rules.
/// </summary>
internal static class UserEndpoints
{
    public const string Prefix = "/api/v1/users";

    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var users = endpoints.MapGroup(Prefix)
            .WithTags("Users")
            .RequireAuthorization(AdminPolicy.Name)
            .AddEndpointFilterFactory(RequestValidationFilter.Create)
            .AddEndpointFilter(AuthEndpoints.NoStore)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        users.MapGet("/", UserHandlers.List).WithName("ListUsers")
            .WithSummary($"Page through every account, oldest first (page from 1, page_size 1-{UserHandlers.MaxPageSize}, default {UserHandlers.DefaultPageSize}).")
            .ProducesValidationProblem();
        users.MapGet("/{id:guid}", UserHandlers.Get).WithName("GetUser")
            .WithSummary("One account by user id.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPatch("/{id:guid}", UserHandlers.Update).WithName("UpdateUser")
            .WithSummary("Disable or enable the account (disabling ends its sessions at once) and/or replace its roles.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        users.MapDelete("/{id:guid}", UserHandlers.Delete).WithName("DeleteUser")
            .WithSummary("Delete the account: its sessions end at once, its credentials are erased, the email may register again.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }
}
