using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Auth.Requests;

/// <summary>POST resend-verification and password/forgot.</summary>
internal sealed record EmailBody(string? Email) : IValidatableRequest
{
    public void Validate(ValidationErrors errors) => errors.Required(FieldNames.Email, Email, FieldNames.MaxEmailLength);
}
