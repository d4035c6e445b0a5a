using Microsoft.AspNetCore.Authentication.JwtBearer;
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
        context.Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await ApiProblems.WriteAsync(
            context.HttpContext,
            StatusCodes.Status401Unauthorized,
            code,
            "Authentication is required.",
            failure is null ? "Send an access token: Authorization: Bearer <token>." : "The access token is not valid.");
    }
}
