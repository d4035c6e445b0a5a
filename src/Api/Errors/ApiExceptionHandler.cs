using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Orleans.Runtime.Messaging;
using Orleans.Storage;
using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Api.Errors;

/// <summary>
/// The central handler: unreadable request bodies (malformed JSON, wrong types, a missing body, a wrong content
/// type, a charset nobody knows) become 400 VALIDATION_ERROR naming the field, oversized ones 413; infrastructure
/// faults that callers can retry (silo unavailable, call rejected or timed out, database unreachable, lost write race) become 503
/// with Retry-After; anything else is a bug and a 500 that says nothing internal.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public const string BodyField = "body";

    public const string NotJsonMessage = "The request body must be JSON with Content-Type application/json.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => ForBadRequest(bad),
            InvalidOperationException when HasUnknownCharset(httpContext.Request) =>
                ApiProblems.ValidationDetails(BodyField, NotJsonMessage + " The charset is not one the service knows."),
            _ when IsTransient(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service is temporarily unavailable.",
            },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." },
        };

        var status = problem.Status!.Value;
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
            ProblemDetails = problem,
        });
    }

    /// <summary>
    /// Faults a caller may retry: the cluster could not run the call or its outcome is unknown (a silo died, the
    /// gateway refused, the call timed out), the database is unreachable, or a stale activation lost a write race.
    /// </summary>
    private static bool IsTransient(Exception exception) => exception is
        SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException
        or TimeoutException or StorageUnavailableException or InconsistentStateException
        || (exception is OrleansException && exception.InnerException is { } inner && IsTransient(inner));

    private static ProblemDetails ForBadRequest(BadHttpRequestException exception)
    {
        switch (exception.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return new ProblemDetails { Status = exception.StatusCode, Title = "The request body is too large." };
            case StatusCodes.Status415UnsupportedMediaType:
                return ApiProblems.ValidationDetails(BodyField, NotJsonMessage);
            case StatusCodes.Status400BadRequest when exception.InnerException is JsonException json:
                return ForJson(json);
            case StatusCodes.Status400BadRequest:
                // Binding messages name .NET types and parameters; the client only needs to know a JSON object is expected.
                return ApiProblems.ValidationDetails(BodyField, "A JSON object is required.");
            default:
                return new ProblemDetails { Status = exception.StatusCode, Title = "The request could not be read." };
        }
    }

    private static ProblemDetails ForJson(JsonException exception)
    {
        // A syntax error comes from the reader (inner JsonReaderException); a type mismatch has a property path.
        var syntax = exception.InnerException?.GetType().Name == "JsonReaderException";
        var field = FieldName(exception.Path);
        return syntax || field is null
            ? ApiProblems.ValidationDetails(BodyField, "The request body is not valid JSON or not a JSON object.")
            : ApiProblems.ValidationDetails(field, "The value has the wrong JSON type.");
    }

    // The JSON reader throws InvalidOperationException (not BadHttpRequestException) for "charset=ebcdic-cp-us" and
    // the like: a client error, recognized by the charset itself rather than by the exception's message.
    private static bool HasUnknownCharset(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || contentType.Charset is not { Length: > 0 } charset)
        {
            return false;
        }

        try
        {
            Encoding.GetEncoding(charset.ToString().Trim('"'));
            return false;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    /// <summary><c>$.new_password</c> → <c>new_password</c>; <c>$</c> or nothing → null.</summary>
    private static string? FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length is > 0 and <= 64 ? field : null;
    }

    [LoggerMessage(LogLevel.Error, "Request {Method} {Path} failed")]
    private partial void LogFailure(Exception exception, string method, string path);
}
