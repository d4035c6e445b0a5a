using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OrleansAuth.Api.Auth;
using OrleansAuth.Api.Errors;
using OrleansAuth.Api.Users.Requests;
using OrleansAuth.Api.Users.Responses;
using OrleansAuth.Grains.Directory;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Api.Users;

/// <summary>List, get, update and delete users. The acting administrator is the bearer token's user.</summary>
internal static class UserHandlers
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    private const string PageField = "page";
    private const string PageSizeField = "page_size";

    public static async Task<Results<Ok<UserListResponse>, ProblemHttpResult>> List(
        [FromQuery(Name = PageField)] string? page,
        [FromQuery(Name = PageSizeField)] string? pageSize,
        UserDirectory directory,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var pageNumber = ParsePositive(errors, PageField, page, 1);
        var size = Math.Min(ParsePositive(errors, PageSizeField, pageSize, DefaultPageSize), MaxPageSize);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors.ToDictionary());
        }

        var result = await directory.ListAsync(pageNumber, size, cancellationToken);
        return TypedResults.Ok(new UserListResponse([.. result.Items.Select(ToResponse)], pageNumber, size, result.Total));
    }

    public static async Task<Results<Ok<AdminUserResponse>, ProblemHttpResult>> Get(
        Guid id, UserDirectory directory, CancellationToken cancellationToken)
        => await directory.FindAsync(id, cancellationToken) is { } user ? TypedResults.Ok(ToResponse(user)) : NoSuchUser();

    public static async Task<Results<Ok<AdminUserResponse>, ProblemHttpResult>> Update(
        Guid id, UpdateUserBody body, ClaimsPrincipal admin, HttpContext context, UserDirectory directory, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (await directory.FindAsync(id, cancellationToken) is not { } user)
        {
            return NoSuchUser();
        }

        var update = new AccountUpdate(body.Disabled, body.Roles is { } roles ? [.. roles.OfType<string>()] : null, id, BearerSubject.From(admin).UserId);
        var result = await grains.GetGrain<IUserGrain>(user.Email).UpdateAccountAsync(update, cancellationToken);
        if (!result.Succeeded)
        {
            return AuthErrorResults.ToProblem(result.Error, StatusCodes.Status400BadRequest, context.Response);
        }

        var profile = result.Value;
        return TypedResults.Ok(new AdminUserResponse(
            profile.UserId, profile.Email, profile.EmailVerified, profile.Disabled, profile.Roles.IsDefault ? [] : profile.Roles, profile.CreatedAt, profile.UpdatedAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, ClaimsPrincipal admin, HttpContext context, UserDirectory directory, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (await directory.FindAsync(id, cancellationToken) is not { } user)
        {
            return NoSuchUser();
        }

        var result = await grains.GetGrain<IUserGrain>(user.Email).DeleteAccountAsync(new AccountDeletion(id, BearerSubject.From(admin).UserId), cancellationToken);
        return SessionHandlers.NoContentOrProblem(result, context, StatusCodes.Status400BadRequest);
    }

    private static int ParsePositive(ValidationErrors errors, string field, string? value, int fallback)
    {
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1)
        {
            return number;
        }

        errors.Add(field, "The value must be a whole number from 1.");
        return fallback;
    }

    private static AdminUserResponse ToResponse(UserSummary user) => new(
        user.UserId, user.Email, user.EmailVerified, user.Disabled, user.Roles.IsDefault ? [] : user.Roles, user.CreatedAt, user.UpdatedAt);

    private static ProblemHttpResult NoSuchUser()
        => ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Not found.", "No user has this id.");
}
