using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansAuth.Api.Errors;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Api.Auth;

/// <summary>The edge where the grain's expected failures become the statuses and codes of DESIGN.md §4.</summary>
internal static class AuthErrorResults
{
    private const string InvalidCredentialsDetail = "Check the email address and the password.";

    /// <param name="error">The grain's failure.</param>
    /// <param name="tokenStatus">What INVALID_TOKEN / EXPIRED_TOKEN mean here: 400 for a token in a body the
    /// client was mailed (verify, reset), 401 for credentials (refresh, bearer).</param>
    /// <param name="response">Receives Retry-After for ACCOUNT_LOCKED.</param>
    public static ProblemHttpResult ToProblem(AuthError error, int tokenStatus, HttpResponse response)
    {
        var code = error.Code.ToCode();
        switch (error.Code)
        {
            case AuthErrorCode.ValidationError or AuthErrorCode.WeakPassword:
                var fields = error.FieldErrors is { IsDefaultOrEmpty: false } list
                    ? list.GroupBy(field => field.Field).ToDictionary(group => group.Key, group => group.Select(field => field.Message).ToArray())
                    : new Dictionary<string, string[]> { [ApiExceptionHandler.BodyField] = [error.Message] };
                return ApiProblems.Validation(fields, code, error.Message);
            case AuthErrorCode.AccountLocked:
                var seconds = Math.Max(1, (long)Math.Ceiling((error.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds));
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, code, "The account is locked.", error.Message);
            case AuthErrorCode.InvalidCredentials:
                // One fixed body whichever path refused the login (edge or grain): nothing to tell them apart by.
                return ApiProblems.Problem(StatusCodes.Status401Unauthorized, code, TitleFor(error.Code), InvalidCredentialsDetail);
            default:
                return ApiProblems.Problem(StatusFor(error.Code, tokenStatus), code, TitleFor(error.Code), error.Message);
        }
    }

    private static int StatusFor(AuthErrorCode code, int tokenStatus) => code switch
    {
        AuthErrorCode.PasswordMismatch => StatusCodes.Status400BadRequest,
        AuthErrorCode.DuplicateEmail => StatusCodes.Status409Conflict,
        AuthErrorCode.InvalidToken or AuthErrorCode.ExpiredToken => tokenStatus,
        AuthErrorCode.TokenReused or AuthErrorCode.InvalidCredentials => StatusCodes.Status401Unauthorized,
        AuthErrorCode.EmailNotVerified or AuthErrorCode.AccountDisabled => StatusCodes.Status403Forbidden,
        AuthErrorCode.NotFound => StatusCodes.Status404NotFound,
        AuthErrorCode.SelfLockout => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TitleFor(AuthErrorCode code) => code switch
    {
        AuthErrorCode.PasswordMismatch => "The passwords do not match.",
        AuthErrorCode.DuplicateEmail => "An account with this email already exists.",
        AuthErrorCode.InvalidToken => "The token is not valid.",
        AuthErrorCode.ExpiredToken => "The token has expired.",
        AuthErrorCode.TokenReused => "The refresh token was already used; the session has been ended.",
        AuthErrorCode.InvalidCredentials => "The email or password is wrong.",
        AuthErrorCode.EmailNotVerified => "The email address is not verified.",
        AuthErrorCode.AccountDisabled => "The account is disabled.",
        AuthErrorCode.NotFound => "Not found.",
        AuthErrorCode.SelfLockout => "An administrator cannot lock themselves out.",
        _ => "The request is not valid.",
    };
}
