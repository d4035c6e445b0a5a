using System.Diagnostics;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Api.Logging;

/// <summary>
/// Takes the caller's X-Request-ID (when it is a sane token) or makes one, echoes it, and puts it in a logging scope
/// and in the grain <see cref="RequestContext"/>, so the events (and so the audit rows) a request causes carry it.
/// </summary>
internal sealed partial class RequestCorrelationMiddleware(RequestDelegate next, ILogger<RequestCorrelationMiddleware> logger)
{
    public const string HeaderName = "X-Request-ID";
    private const int MaxLength = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        var correlationId = IsAcceptable(context.Request.Headers[HeaderName].ToString())
            ? context.Request.Headers[HeaderName].ToString()
            : Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");

        context.TraceIdentifier = correlationId;

        // Set as the response starts: the exception handler clears headers before it writes its problem, and the
        // id matters most on exactly those answers.
        context.Response.OnStarting(static state =>
        {
            var (http, id) = ((HttpContext, string))state;
            http.Response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        }, (context, correlationId));

        RequestContext.Set(AuditContextKeys.CorrelationId, correlationId);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { [AuditContextKeys.CorrelationId] = correlationId });
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            LogRequest(context.Request.Method, context.Request.Path, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    // Echoed into a response header and logs: only short tokens of safe characters are taken from the client.
    private static bool IsAcceptable(string value)
        => value.Length is > 0 and <= MaxLength
            && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    [LoggerMessage(LogLevel.Information, "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms")]
    private partial void LogRequest(string method, string path, int statusCode, double elapsedMs);
}
