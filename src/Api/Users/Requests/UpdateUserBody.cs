using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Users.Requests;

/// <summary>PATCH /api/v1/users/{id}: absent (or null) members stay as they are; roles replace the account's roles.</summary>
internal sealed record UpdateUserBody(bool? Disabled, string?[]? Roles) : IValidatableRequest
{
    public const string DisabledField = "disabled";
    public const string RolesField = "roles";

    /// <summary>Far above the grain's limit (which answers with the exact rule); keeps absurd input off the wire.</summary>
    private const int MaxRolesRead = 1000;

    public void Validate(ValidationErrors errors)
    {
        if (Disabled is null && Roles is null)
        {
            errors.Add(ApiExceptionHandler.BodyField, $"Give at least one of '{DisabledField}' or '{RolesField}'.");
        }

        if (Roles is { } roles && (roles.Length > MaxRolesRead || roles.Any(role => role is null)))
        {
            errors.Add(RolesField, "Roles must be a list of strings.");
        }
    }
}
