using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Auth;

/// <summary>
/// An authenticated caller that a policy refuses gets 403 problem+json with code FORBIDDEN (whatever the policy);
/// challenges and successes go the default way (401 is written by the bearer challenge).
/// </summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            await ApiProblems.WriteAsync(
                context,
                StatusCodes.Status403Forbidden,
                ErrorCodes.Forbidden,
                "Access denied.",
                "The account behind the access token lacks a role this resource requires.");
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
