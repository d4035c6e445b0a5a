using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Auth.Requests;

/// <summary>POST verify-email and validate-token.</summary>
internal sealed record TokenBody(string? Token) : IValidatableRequest
{
    public void Validate(ValidationErrors errors) => errors.Required(FieldNames.Token, Token, FieldNames.MaxTokenLength);
}
