namespace OrleansAuth.Api.Errors;

/// <summary>
/// Runs <see cref="IValidatableRequest.Validate"/> on every request-body argument of an endpoint and answers
/// 400 VALIDATION_ERROR with the collected field errors, so handlers only see complete requests.
/// </summary>
internal static class RequestValidationFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var positions = context.MethodInfo.GetParameters()
            .Where(parameter => typeof(IValidatableRequest).IsAssignableFrom(parameter.ParameterType))
            .Select(parameter => parameter.Position)
            .ToArray();
        if (positions.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            var errors = new ValidationErrors();
            foreach (var position in positions)
            {
                if (invocation.Arguments[position] is IValidatableRequest request)
                {
                    request.Validate(errors);
                }
                else
                {
                    errors.Add(ApiExceptionHandler.BodyField, "A JSON object is required.");
                }
            }

            return errors.IsEmpty ? next(invocation) : ValueTask.FromResult<object?>(ApiProblems.Validation(errors.ToDictionary()));
        };
    }
}
