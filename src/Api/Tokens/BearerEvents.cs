using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Tokens;

/// <summary>
/// Bearer authentication events: a 401 is problem+json with the reason's code (UNAUTHORIZED without a token,
/// INVALID_TOKEN / EXPIRED_TOKEN for a bad one).
/// </summary>
internal static class BearerEvents
{
    public static JwtBearerEvents Create() => new()
    {
        OnChallenge = ChallengeAsync,
    };

    private static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var failure = context.AuthenticateFailure;
        var code = failure is null ? ErrorCodes.Unauthorized : AccessTokenValidator.CodeFor(failure);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = "Authentication is required.",
            Detail = failure is null ? "Send an access token: Authorization: Bearer <token>." : "The access token is not valid.",
        };
        problem.Extensions[ApiProblems.CodeKey] = code;
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context.HttpContext, ProblemDetails = problem });
    }
}
