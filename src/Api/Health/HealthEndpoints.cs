using OrleansAuth.Hosting;
using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansAuth.Api.Health;

/// <summary>
/// GET /health and /health/ready check the database and the cluster and answer 503 when either is down;
/// GET /health/live only says the process is up (for restarts by an orchestrator).
/// </summary>
public static class HealthEndpoints
{
    public const string DatabaseCheck = "database";
    public const string ClusterCheck = "cluster";

    private const string ServiceName = "orleans-auth";
    private const string NotChecked = "not_checked";

    private static readonly string Version =
        typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IServiceCollection AddServiceHealth(this IServiceCollection services)
    {
        // The "database" check comes with the grain storage registration, the "cluster" check with AddClusterAccess.
        services.AddHealthChecks();
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/health").WithTags("Health");
        group.MapGet("", GetHealth).WithName("GetHealth");
        group.MapGet("/ready", GetHealth).WithName("GetReadiness");
        group.MapGet("/live", GetLiveness).WithName("GetLiveness");
        return endpoints;
    }

    private static async Task<JsonHttpResult<HealthResponse>> GetHealth(HealthCheckService health, [FromKeyedServices(ServiceClock.Key)] TimeProvider time, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var status = report.Status == HealthStatus.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        return TypedResults.Json(
            new HealthResponse(Describe(report.Status), ServiceName, Version, Describe(report, DatabaseCheck), Describe(report, ClusterCheck), time.GetUtcNow()),
            statusCode: status);
    }

    private static JsonHttpResult<HealthResponse> GetLiveness([FromKeyedServices(ServiceClock.Key)] TimeProvider time, CancellationToken cancellationToken)
        => TypedResults.Json(new HealthResponse("healthy", ServiceName, Version, NotChecked, NotChecked, time.GetUtcNow()));

    private static string Describe(HealthReport report, string check)
        => report.Entries.TryGetValue(check, out var entry) ? Describe(entry.Status) : NotChecked;

    private static string Describe(HealthStatus status) => status.ToString().ToLowerInvariant();
}
