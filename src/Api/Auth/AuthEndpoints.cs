using OrleansAuth.Api.Errors;
using OrleansAuth.Api.RateLimiting;

namespace OrleansAuth.Api.Auth;

/// <summary>
/// /api/v1/auth (DESIGN.md §4): the public account endpoints (rate-limited per group), the bearer-protected session
/// and password endpoints, and validate-token for other services. Bodies are checked by
/// <see cref="RequestValidationFilter"/> before a handler runs; responses are never cached.
/// </summary>
internal static class AuthEndpoints
{
    public const string Prefix = "/api/v1/auth";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup(Prefix)
            .WithTags("Auth")
            .AddEndpointFilterFactory(RequestValidationFilter.Create)
            .AddEndpointFilter(NoStore)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        MapAccount(auth);
        MapSessions(auth);
        MapPasswords(auth);
        return endpoints;
    }

    private static void MapAccount(RouteGroupBuilder auth)
    {
        auth.MapPost("/register", AccountHandlers.Register).WithName("Register")
            .WithSummary("Create an account; a verification token is sent as the user.registered event.")
            .RequireRateLimiting(RateLimitPolicies.Register)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/verify-email", AccountHandlers.VerifyEmail).WithName("VerifyEmail")
            .WithSummary("Mark the email verified with the token from user.registered.")
            .ProducesValidationProblem();
        auth.MapPost("/resend-verification", AccountHandlers.ResendVerification).WithName("ResendVerification")
            .WithSummary("Send a new verification token if the account exists and is unverified; always 202.")
            .AddEndpointFilter(UniformDuration.Filter)
            .RequireRateLimiting(RateLimitPolicies.Forgot)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapGet("/me", AccountHandlers.Me).WithName("GetMe")
            .WithSummary("The signed-in account.")
            .RequireAuthorization().WithMetadata(SessionCheckedByHandler.Instance).ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/validate-token", AccountHandlers.ValidateToken).WithName("ValidateToken")
            .WithSummary("Check an access token for another service: signature, claims, lifetime and that its session is active.")
            .ProducesValidationProblem();
    }

    private static void MapSessions(RouteGroupBuilder auth)
    {
        auth.MapPost("/login", SessionHandlers.Login).WithName("Login")
            .WithSummary("Start a session with email and password.")
            .RequireRateLimiting(RateLimitPolicies.Login)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/refresh", SessionHandlers.Refresh).WithName("Refresh")
            .WithSummary("Rotate a refresh token: the presented one ends, a new pair of the same session is returned.")
            .RequireRateLimiting(RateLimitPolicies.Refresh)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/logout", SessionHandlers.Logout).WithName("Logout")
            .WithSummary("End the session of this access token.")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/logout-all", SessionHandlers.LogoutAll).WithName("LogoutAll")
            .WithSummary("End every session of the account.")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapGet("/sessions", SessionHandlers.List).WithName("ListSessions")
            .WithSummary("The account's active sessions, newest first.")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapDelete("/sessions/{id:guid}", SessionHandlers.Revoke).WithName("RevokeSession")
            .WithSummary("End one session of the account.")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static void MapPasswords(RouteGroupBuilder auth)
    {
        auth.MapPost("/password/change", PasswordHandlers.Change).WithName("ChangePassword")
            .WithSummary("Change the password; every other session ends.")
            .RequireAuthorization()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/password/forgot", PasswordHandlers.Forgot).WithName("ForgotPassword")
            .WithSummary("Send a reset token (user.password_reset_requested) if the account exists; always 202.")
            .AddEndpointFilter(UniformDuration.Filter)
            .RequireRateLimiting(RateLimitPolicies.Forgot)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/password/reset", PasswordHandlers.Reset).WithName("ResetPassword")
            .WithSummary("Set a new password with a reset token; every session ends.")
            .ProducesValidationProblem();
    }

    internal static async ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // Tokens and account data: RFC 6749 §5.1 asks for no-store; nothing here is cacheable anyway.
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return await next(context);
    }
}
