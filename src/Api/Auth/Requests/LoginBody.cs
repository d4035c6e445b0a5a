using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Auth.Requests;

/// <summary>POST /api/v1/auth/login.</summary>
internal sealed record LoginBody(string? Email, string? Password) : IValidatableRequest
{
    public void Validate(ValidationErrors errors)
    {
        errors.Required(FieldNames.Email, Email, FieldNames.MaxEmailLength);
        errors.Required(FieldNames.Password, Password, FieldNames.MaxPasswordLength);
    }
}
