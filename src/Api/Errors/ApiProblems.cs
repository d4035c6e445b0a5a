using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace OrleansAuth.Api.Errors;

/// <summary>Problem+json results with the contract's stable <c>code</c>; trace_id and type are added centrally.</summary>
internal static class ApiProblems
{
    public const string CodeKey = "code";

    public static ProblemHttpResult Problem(int status, string code, string title, string? detail = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions[CodeKey] = code;
        return TypedResults.Problem(problem);
    }

    /// <summary>Writes a problem outside an endpoint (authentication challenge, rate limiter rejection).</summary>
    public static async ValueTask WriteAsync(HttpContext context, int status, string code, string title, string detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions[CodeKey] = code;
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
        });
    }

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string code = ErrorCodes.ValidationError, string? detail = null)
        => TypedResults.Problem(ValidationDetails(errors, code, detail));

    public static ProblemHttpResult Validation(string field, string message, string code = ErrorCodes.ValidationError)
        => Validation(new Dictionary<string, string[]> { [field] = [message] }, code);

    public static HttpValidationProblemDetails ValidationDetails(string field, string message)
        => ValidationDetails(new Dictionary<string, string[]> { [field] = [message] }, ErrorCodes.ValidationError, null);

    public static HttpValidationProblemDetails ValidationDetails(IDictionary<string, string[]> errors, string code, string? detail)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Detail = detail ?? "One or more fields are missing or invalid; see errors.",
        };
        problem.Extensions[CodeKey] = code;
        return problem;
    }
}
