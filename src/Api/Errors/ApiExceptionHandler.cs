using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using OrleansAuth.Runtime;

namespace OrleansAuth.Api.Errors;

/// <summary>
/// Infrastructure faults that callers can retry (silo unavailable, grain overloaded, call timeout) become 503 with
/// Retry-After; bad request bodies become 400; anything else is a bug and a 500 that says nothing internal.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read."),
            SiloUnavailableException or GrainOverloadedException or GrainCallTimeoutException => (StatusCodes.Status503ServiceUnavailable, "The service is temporarily unavailable."),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred."),
        };

        if (status >= 500)
        {
            LogFailure(exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title },
        });
    }

    [LoggerMessage(LogLevel.Error, "Request {Method} {Path} failed")]
    private partial void LogFailure(Exception exception, string method, string path);
}
