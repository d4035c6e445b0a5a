using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Auth.Requests;

/// <summary>POST /api/v1/auth/refresh.</summary>
internal sealed record RefreshBody(string? RefreshToken) : IValidatableRequest
{
    public void Validate(ValidationErrors errors) => errors.Required(FieldNames.RefreshToken, RefreshToken, FieldNames.MaxTokenLength);
}
