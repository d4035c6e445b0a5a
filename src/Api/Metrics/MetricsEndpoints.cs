using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansAuth.Api.Auth;
using OrleansAuth.Api.Dashboard;

namespace OrleansAuth.Api.Metrics;

/// <summary>GET /metrics: every <c>OrleansAuth*</c> meter and ASP.NET Core's HTTP server metrics as Prometheus text.</summary>
public static class MetricsEndpoints
{
    public static IServiceCollection AddServiceMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.Configure<MetricsOptions>(configuration.GetSection(MetricsOptions.SectionName));
        services.AddSingleton<MetricsCollector>();
        services.AddSingleton<AuthMetrics>();
        services.AddSingleton<ClusterMetrics>();
        services.TryAddSingleton<ClusterStatisticsSampler>();
        return services;
    }

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        // Created now, before the first request, so the listener sees every request and every instrument from the start.
        var services = endpoints.ServiceProvider;
        services.GetRequiredService<MetricsCollector>();
        services.GetRequiredService<AuthMetrics>();
        services.GetRequiredService<ClusterMetrics>();

        var metrics = endpoints.MapGet("/metrics", GetMetrics).WithName("GetMetrics").WithTags("Metrics")
            .WithSummary("Prometheus text exposition of the service's metrics.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        if (services.GetRequiredService<IOptions<MetricsOptions>>().Value.RequireAdmin)
        {
            metrics.RequireAuthorization(AdminPolicy.Name);
        }

        return endpoints;
    }

    private static async Task<ContentHttpResult> GetMetrics(ClusterStatisticsSampler sampler, MetricsCollector collector, CancellationToken cancellationToken)
    {
        // The cluster instruments read the latest sample; refresh it first (shared with the dashboard, at most once a second).
        await sampler.GetAsync(cancellationToken);
        return TypedResults.Text(PrometheusTextWriter.Write(collector.Collect()), PrometheusTextWriter.ContentType);
    }
}
