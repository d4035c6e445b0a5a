using Microsoft.AspNetCore.Authentication.JwtBearer;
using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Tokens;

/// <summary>
/// Bearer authentication events: a 401 is problem+json with the reason's code (UNAUTHORIZED without a token,
/// INVALID_TOKEN / EXPIRED_TOKEN for a bad one). When the session check could not reach the user's grain (silo down,
/// overloaded, timed out) the token is not known to be bad: 503 with Retry-After, so clients keep their tokens.
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
        if (failure is not null && ApiExceptionHandler.IsTransient(failure))
        {
            context.Response.Headers.RetryAfter = "1";
            await ApiProblems.WriteAsync(
                context.HttpContext,
                StatusCodes.Status503ServiceUnavailable,
                ErrorCodes.ServiceUnavailable,
                "The service is temporarily unavailable.",
                "The session of the access token could not be checked; retry shortly.");
            return;
        }

        var code = failure is null ? ErrorCodes.Unauthorized : AccessTokenValidator.CodeFor(failure);
        context.Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await ApiProblems.WriteAsync(
            context.HttpContext,
            StatusCodes.Status401Unauthorized,
            code,
            "Authentication is required.",
            failure is null ? "Send an access token: Authorization: Bearer <token>." : "The access token is not valid.");
    }
}
