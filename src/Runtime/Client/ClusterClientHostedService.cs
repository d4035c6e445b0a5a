using Microsoft.Extensions.Hosting;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Messaging.Transport;

namespace OrleansAuth.Runtime.Client;

/// <summary>
/// Follows the membership view for the client: when a silo leaves it (Dead, or its row cleaned up), its connections
/// are closed and its circuit breaker forgotten, since that identity never comes back.
/// </summary>
internal sealed class ClusterClientHostedService(IClusterMembershipService membership, SiloCircuitBreakers breakers, ConnectionManager connections) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _following;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        using (ExecutionContext.SuppressFlow())
        {
            _following = Task.Run(() => FollowAsync(_stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_following is not null)
        {
            await _following.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Cancel rather than dispose: a host torn down while it stops (WebApplicationFactory does) may call StopAsync after
    // Dispose, and a disposed source throws there. A source without timers or wait handles holds nothing to free.
    public void Dispose() => _stopping.Cancel();

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        var known = new HashSet<Cluster.SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                bool IsMember(Cluster.SiloAddress silo) => snapshot.GetStatus(silo) is { } status && status != MembershipStatus.Dead;
                foreach (var silo in known.Where(silo => !IsMember(silo)).ToList())
                {
                    connections.Disconnect(silo);
                    known.Remove(silo);
                }

                known.UnionWith(snapshot.Members.Keys.Where(IsMember));
                breakers.Retain(IsMember);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
