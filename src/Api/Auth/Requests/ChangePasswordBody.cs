using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Auth.Requests;

/// <summary>POST /api/v1/auth/password/change.</summary>
internal sealed record ChangePasswordBody(string? CurrentPassword, string? NewPassword, string? NewPasswordConfirmation) : IValidatableRequest
{
    public void Validate(ValidationErrors errors)
    {
        errors.Required(FieldNames.CurrentPassword, CurrentPassword, FieldNames.MaxPasswordLength);
        errors.Required(FieldNames.NewPassword, NewPassword, FieldNames.MaxPasswordLength);
        errors.Required(FieldNames.NewPasswordConfirmation, NewPasswordConfirmation, FieldNames.MaxPasswordLength);
    }
}
