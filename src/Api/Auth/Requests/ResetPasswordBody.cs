using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Auth.Requests;

/// <summary>POST /api/v1/auth/password/reset.</summary>
internal sealed record ResetPasswordBody(string? Token, string? NewPassword, string? NewPasswordConfirmation) : IValidatableRequest
{
    public void Validate(ValidationErrors errors)
    {
        errors.Required(FieldNames.Token, Token, FieldNames.MaxTokenLength);
        errors.Required(FieldNames.NewPassword, NewPassword, FieldNames.MaxPasswordLength);
        errors.Required(FieldNames.NewPasswordConfirmation, NewPasswordConfirmation, FieldNames.MaxPasswordLength);
    }
}
