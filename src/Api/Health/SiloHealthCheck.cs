using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansAuth.Runtime.Hosting;

namespace OrleansAuth.Api.Health;

/// <summary>Healthy while the silo this node depends on serves grain calls.</summary>
internal sealed class SiloHealthCheck(ISiloStatusProvider silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(silo.Status == SiloStatus.Active
            ? HealthCheckResult.Healthy("silo active")
            : HealthCheckResult.Unhealthy($"silo {silo.Status.ToString().ToLowerInvariant()}"));
}
