using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansAuth.Api.Auth;

namespace OrleansAuth.Api.Metrics;

/// <summary>GET /metrics: every <c>OrleansAuth*</c> meter, Orleans' meter and ASP.NET Core's HTTP server metrics as Prometheus text.</summary>
public static class MetricsEndpoints
{
    public static IServiceCollection AddServiceMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.Configure<MetricsOptions>(configuration.GetSection(MetricsOptions.SectionName));
        services.AddSingleton<MetricsCollector>();
        services.AddSingleton<AuthMetrics>();
        return services;
    }

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        // Created now, before the first request, so the listener sees every request and every instrument from the start.
        var services = endpoints.ServiceProvider;
        services.GetRequiredService<MetricsCollector>();
        services.GetRequiredService<AuthMetrics>();

        var metrics = endpoints.MapGet("/metrics", GetMetrics).WithName("GetMetrics").WithTags("Metrics")
            .WithSummary("Prometheus text exposition of the service's metrics.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        if (services.GetRequiredService<IOptions<MetricsOptions>>().Value.RequireAdmin)
        {
            metrics.RequireAuthorization(AdminPolicy.Name);
        }

        return endpoints;
    }

    private static ContentHttpResult GetMetrics(MetricsCollector collector, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return TypedResults.Text(PrometheusTextWriter.Write(collector.Collect()), PrometheusTextWriter.ContentType);
    }
}
