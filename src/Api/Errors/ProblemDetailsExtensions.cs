using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace OrleansAuth.Api.Errors;

/// <summary>
/// Every error leaves as application/problem+json with a stable <c>code</c> and the request's <c>trace_id</c>:
/// unhandled exceptions, unknown routes, wrong methods and oversized bodies included.
/// </summary>
public static class ProblemDetailsExtensions
{
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = Customize);
        services.AddExceptionHandler<ApiExceptionHandler>();
        return services;
    }

    public static IApplicationBuilder UseApiProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(WriteStatusProblemAsync);
        return app;
    }

    // Bodyless error statuses (unknown route, wrong method, a body that is not JSON) get a problem body. A request
    // body that is not JSON is a client error like malformed JSON: 400 VALIDATION_ERROR rather than a bare 415.
    private static async Task WriteStatusProblemAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var problem = http.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType
            ? ApiProblems.ValidationDetails(ApiExceptionHandler.BodyField, ApiExceptionHandler.NotJsonMessage)
            : new ProblemDetails { Status = http.Response.StatusCode };
        http.Response.StatusCode = problem.Status!.Value;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
        });
    }

    private static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? StatusCodes.Status500InternalServerError;
        problem.Type ??= $"https://httpstatuses.io/{status}";
        problem.Detail ??= DefaultDetail(context.HttpContext, status);
        problem.Extensions.TryAdd("code", ErrorCodes.ForStatus(status));
        problem.Extensions["trace_id"] = context.HttpContext.TraceIdentifier;
        problem.Extensions.Remove("traceId");
    }

    private static string DefaultDetail(HttpContext context, int status)
    {
        var request = context.Features.Get<IHttpRequestFeature>();
        var target = $"{request?.Method} {request?.Path}";
        return status switch
        {
            StatusCodes.Status404NotFound => $"No resource matches {target}.",
            StatusCodes.Status405MethodNotAllowed => $"{target}: the method is not allowed for this resource.",
            StatusCodes.Status413PayloadTooLarge => "The request body is larger than the service accepts.",
            _ => ReasonPhrases.GetReasonPhrase(status),
        };
    }
}
