using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansAuth.Api.Auth.Requests;
using OrleansAuth.Api.Auth.Responses;
using OrleansAuth.Api.Errors;
using OrleansAuth.Api.Tokens;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Api.Auth;

/// <summary>Register, verify-email, resend-verification, me and validate-token.</summary>
internal static class AccountHandlers
{
    public static async Task<Results<Created<UserResponse>, ProblemHttpResult>> Register(
        RegisterBody body, HttpContext context, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryNormalize(body.Email, out var email, out var emailError))
        {
            return ApiProblems.Validation(FieldNames.Email, emailError);
        }

        if (!string.Equals(body.Password, body.PasswordConfirmation, StringComparison.Ordinal))
        {
            return ApiProblems.Validation(FieldNames.PasswordConfirmation, "The password confirmation does not match the password.", ErrorCodes.PasswordMismatch);
        }

        var result = await grains.GetGrain<IUserGrain>(email).RegisterAsync(body.Password!, cancellationToken);
        if (!result.Succeeded)
        {
            return AuthErrorResults.ToProblem(result.Error, StatusCodes.Status400BadRequest, context.Response);
        }

        var user = result.Value;
        return TypedResults.Created($"{AuthEndpoints.Prefix}/me", new UserResponse(user.UserId, user.Email, user.EmailVerified));
    }

    public static async Task<Results<Ok<EmailVerifiedResponse>, ProblemHttpResult>> VerifyEmail(
        TokenBody body, HttpContext context, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!OpaqueToken.TryParse(body.Token, out var token) || token.Kind != OpaqueTokenKind.EmailVerification)
        {
            return InvalidMailedToken();
        }

        var result = await grains.GetGrain<IUserGrain>(token.GrainKey).VerifyEmailAsync(token.Value, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(new EmailVerifiedResponse(result.Value.UserId, result.Value.EmailVerified))
            : AuthErrorResults.ToProblem(result.Error, StatusCodes.Status400BadRequest, context.Response);
    }

    public static async Task<Accepted> ResendVerification(EmailBody body, IGrainFactory grains, CancellationToken cancellationToken)
    {
        // 202 whatever happens: the answer must not tell whether the address has an account.
        if (EmailAddress.TryNormalize(body.Email, out var email))
        {
            await grains.GetGrain<IUserGrain>(email).ResendVerificationAsync(cancellationToken);
        }

        return TypedResults.Accepted((string?)null);
    }

    public static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> Me(
        ClaimsPrincipal user, HttpContext context, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var subject = BearerSubject.From(user);
        var result = await grains.GetGrain<IUserGrain>(subject.Email).GetProfileAsync(subject.UserId, subject.SessionId, cancellationToken);
        if (!result.Succeeded)
        {
            // This call was the session check (SessionCheckedByHandler): refuse as the bearer challenge would.
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return AuthErrorResults.ToProblem(result.Error, StatusCodes.Status401Unauthorized, context.Response);
        }

        var profile = result.Value;
        return TypedResults.Ok(new MeResponse(profile.UserId, profile.Email, profile.EmailVerified, profile.Roles.IsDefault ? [] : profile.Roles, profile.CreatedAt));
    }

    public static async Task<Ok<TokenValidationResponse>> ValidateToken(
        TokenBody body, AccessTokenValidator validator, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var validation = validator.Validate(body.Token);
        if (!validation.IsValid)
        {
            return TypedResults.Ok(TokenValidationResponse.Invalid(AccessTokenValidator.CodeFor(validation.Exception)));
        }

        if (!BearerSubject.TryRead(new ClaimsPrincipal(validation.Identity), out var subject))
        {
            return TypedResults.Ok(TokenValidationResponse.Invalid(ErrorCodes.InvalidToken));
        }

        // A well-signed token of an ended session is not valid: only the grain knows.
        var session = await grains.GetGrain<IUserGrain>(subject.Email).ValidateSessionAsync(subject.UserId, subject.SessionId, cancellationToken);
        return TypedResults.Ok(session.Succeeded
            ? new TokenValidationResponse(true, subject.UserId, subject.Email, subject.SessionId, validation.SecurityToken.ValidTo, null)
            : TokenValidationResponse.Invalid(session.Error.Code.ToCode()));
    }

    internal static ProblemHttpResult InvalidMailedToken()
        => ApiProblems.Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidToken, "The token is not valid.");
}
