using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansAuth.Api.Auth.Requests;
using OrleansAuth.Api.Errors;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Api.Auth;

/// <summary>Password change (signed in), forgot (always 202) and reset (with the mailed token).</summary>
internal static class PasswordHandlers
{
    public static async Task<Results<NoContent, ProblemHttpResult>> Change(
        ChangePasswordBody body, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!string.Equals(body.NewPassword, body.NewPasswordConfirmation, StringComparison.Ordinal))
        {
            return Mismatch();
        }

        var subject = BearerSubject.From(user);
        var result = await grains.GetGrain<IUserGrain>(subject.Email)
            .ChangePasswordAsync(subject.UserId, subject.SessionId, new ChangePasswordRequest(body.CurrentPassword!, body.NewPassword!), cancellationToken);
        return SessionHandlers.NoContentOrProblem(result, context);
    }

    public static async Task<Accepted> Forgot(EmailBody body, IGrainFactory grains, CancellationToken cancellationToken)
    {
        // 202 whatever happens: the answer must not tell whether the address has an account.
        if (EmailAddress.TryNormalize(body.Email, out var email))
        {
            await grains.GetGrain<IUserGrain>(email).ForgotPasswordAsync(cancellationToken);
        }

        return TypedResults.Accepted((string?)null);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Reset(
        ResetPasswordBody body, HttpContext context, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!string.Equals(body.NewPassword, body.NewPasswordConfirmation, StringComparison.Ordinal))
        {
            return Mismatch();
        }

        if (!OpaqueToken.TryParse(body.Token, out var token) || token.Kind != OpaqueTokenKind.PasswordReset)
        {
            return AccountHandlers.InvalidMailedToken();
        }

        var result = await grains.GetGrain<IUserGrain>(token.GrainKey)
            .ResetPasswordAsync(new ResetPasswordRequest(token.Value, body.NewPassword!), cancellationToken);
        return SessionHandlers.NoContentOrProblem(result, context, StatusCodes.Status400BadRequest);
    }

    private static ProblemHttpResult Mismatch()
        => ApiProblems.Validation(FieldNames.NewPasswordConfirmation, "The password confirmation does not match the new password.", ErrorCodes.PasswordMismatch);
}
