using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Auth.Requests;

/// <summary>POST /api/v1/auth/register.</summary>
internal sealed record RegisterBody(string? Email, string? Password, string? PasswordConfirmation) : IValidatableRequest
{
    public void Validate(ValidationErrors errors)
    {
        errors.Required(FieldNames.Email, Email, FieldNames.MaxEmailLength);
        errors.Required(FieldNames.Password, Password, FieldNames.MaxPasswordLength);
        errors.Required(FieldNames.PasswordConfirmation, PasswordConfirmation, FieldNames.MaxPasswordLength);
    }
}
