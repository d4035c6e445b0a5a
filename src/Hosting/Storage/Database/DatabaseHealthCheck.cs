using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansAuth.Hosting.Storage.Database;

/// <summary>The "database" health check behind /health/ready.</summary>
internal sealed class DatabaseHealthCheck(IAuthDatabase database) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["dialect"] = database.Dialect.ToString() };
        return await database.PingAsync(cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy("The database answers.", data)
            : new HealthCheckResult(context.Registration.FailureStatus, "The database does not answer.", data: data);
    }
}
