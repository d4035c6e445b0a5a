using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OrleansAuth.Api.Json;

namespace OrleansAuth.Api.Hosting;

/// <summary>
/// How request and response bodies are handled: snake_case JSON through the source-generated context, bodies over
/// 64 KiB refused (413), and binding failures thrown to the central exception handler (never a bare 400 or a 500).
/// </summary>
public static class RequestHandlingServiceCollectionExtensions
{
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static IServiceCollection AddApiRequestHandling(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        });
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return services;
    }
}
