namespace OrleansAuth.Api.Errors;

/// <summary>A request body that checks its own fields (presence, length) before the handler runs.</summary>
internal interface IValidatableRequest
{
    void Validate(ValidationErrors errors);
}
