using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansAuth.Runtime.Membership;

namespace OrleansAuth.Runtime.Client;

/// <summary>
/// Ready when the membership table can be read now and it lists at least one Active silo; the check reads the table
/// (one small query), so it also proves the database answers.
/// </summary>
internal sealed class ClusterClientHealthCheck(IClusterMembershipService membership) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ClusterMembershipSnapshot snapshot;
        try
        {
            snapshot = await membership.RefreshAsync(0, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The membership table cannot be read.", exception);
        }

        var data = new Dictionary<string, object>
        {
            ["membership_version"] = snapshot.Version,
            ["active_silos"] = snapshot.ActiveMembers.Length,
        };
        return snapshot.ActiveMembers.IsEmpty
            ? new HealthCheckResult(context.Registration.FailureStatus, "No silo is Active.", data: data)
            : HealthCheckResult.Healthy($"{snapshot.ActiveMembers.Length} Active silo(s).", data);
    }
}
