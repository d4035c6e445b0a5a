using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansAuth.Api.Health;

/// <summary>
/// Healthy while the cluster this node calls answers a grain call and lists an Active silo: the in-process silo
/// (embedded) or the cluster behind the gateways (client). The call goes through the same path as every request.
/// </summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)")
                : HealthCheckResult.Unhealthy("no active silo");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("cluster unreachable", exception);
        }
    }
}
