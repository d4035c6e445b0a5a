using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansAuth.Api.Auth.Requests;
using OrleansAuth.Api.Auth.Responses;
using OrleansAuth.Api.Errors;
using OrleansAuth.Api.Metrics;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Api.Auth;

/// <summary>Login, refresh, logout, logout-all and the session list.</summary>
internal static class SessionHandlers
{
    public static async Task<Results<Ok<TokensResponse>, ProblemHttpResult>> Login(
        LoginBody body, HttpContext context, IGrainFactory grains, SessionTokens tokens, AuthMetrics metrics, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryNormalize(body.Email, out var email))
        {
            // No account can have this address; the answer is the one for a wrong password.
            metrics.OnLogin(AuthResult<SessionGrant>.Fail(InvalidCredentials));
            return AuthErrorResults.ToProblem(InvalidCredentials, StatusCodes.Status401Unauthorized, context.Response);
        }

        var request = new LoginRequest(body.Password!, ClientInfo.UserAgent(context), ClientInfo.Address(context));
        var result = await grains.GetGrain<IUserGrain>(email).LoginAsync(request, cancellationToken);
        metrics.OnLogin(result);
        return result.Succeeded
            ? TypedResults.Ok(tokens.Create(result.Value))
            : AuthErrorResults.ToProblem(result.Error, StatusCodes.Status401Unauthorized, context.Response);
    }

    public static async Task<Results<Ok<TokensResponse>, ProblemHttpResult>> Refresh(
        RefreshBody body, HttpContext context, IGrainFactory grains, SessionTokens tokens, AuthMetrics metrics, CancellationToken cancellationToken)
    {
        if (!OpaqueToken.TryParse(body.RefreshToken, out var token) || token.Kind != OpaqueTokenKind.Refresh)
        {
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidToken, "The refresh token is not valid.");
        }

        var request = new RefreshRequest(token.Value, ClientInfo.UserAgent(context), ClientInfo.Address(context));
        var result = await grains.GetGrain<IUserGrain>(token.GrainKey).RefreshAsync(request, cancellationToken);
        metrics.OnRefresh(result);
        return result.Succeeded
            ? TypedResults.Ok(tokens.Create(result.Value))
            : AuthErrorResults.ToProblem(result.Error, StatusCodes.Status401Unauthorized, context.Response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Logout(
        ClaimsPrincipal user, HttpContext context, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var subject = BearerSubject.From(user);
        var result = await grains.GetGrain<IUserGrain>(subject.Email).LogoutAsync(subject.UserId, subject.SessionId, cancellationToken);
        return NoContentOrProblem(result, context);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> LogoutAll(
        ClaimsPrincipal user, HttpContext context, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var subject = BearerSubject.From(user);
        var result = await grains.GetGrain<IUserGrain>(subject.Email).LogoutAllAsync(subject.UserId, subject.SessionId, cancellationToken);
        return NoContentOrProblem(result, context);
    }

    public static async Task<Results<Ok<SessionResponse[]>, ProblemHttpResult>> List(
        ClaimsPrincipal user, HttpContext context, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var subject = BearerSubject.From(user);
        var result = await grains.GetGrain<IUserGrain>(subject.Email).GetSessionsAsync(subject.UserId, subject.SessionId, cancellationToken);
        if (!result.Succeeded)
        {
            return AuthErrorResults.ToProblem(result.Error, StatusCodes.Status401Unauthorized, context.Response);
        }

        var sessions = result.Value.Sessions.IsDefault ? [] : result.Value.Sessions;
        return TypedResults.Ok(sessions
            .Select(s => new SessionResponse(s.SessionId, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.UserAgent, s.ClientAddress, s.Current))
            .ToArray());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        Guid id, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var subject = BearerSubject.From(user);
        var result = await grains.GetGrain<IUserGrain>(subject.Email).RevokeSessionAsync(subject.UserId, subject.SessionId, id, cancellationToken);
        return NoContentOrProblem(result, context);
    }

    internal static Results<NoContent, ProblemHttpResult> NoContentOrProblem(AuthResult result, HttpContext context, int tokenStatus = StatusCodes.Status401Unauthorized)
        => result.Succeeded ? TypedResults.NoContent() : AuthErrorResults.ToProblem(result.Error, tokenStatus, context.Response);

    private static readonly AuthError InvalidCredentials = new(AuthErrorCode.InvalidCredentials, "The email or password is wrong.");
}
