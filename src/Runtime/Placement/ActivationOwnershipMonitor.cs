using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAuth.Runtime.Activation;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Membership;

namespace OrleansAuth.Runtime.Placement;

/// <summary>
/// On every new membership view, deactivates the activations whose grain this silo no longer owns (a silo joined and
/// took over part of the ring, or a view moved it). Their state is already durable: each write is conditional on its
/// version. <c>OnDeactivateAsync</c> runs; calls still queued are refused as moved and re-sent by their callers to the new
/// owner, which activates the grain on its next call. While this silo is not Active itself (joining, leaving, dead)
/// it leaves its activations to the join and shutdown paths.
/// </summary>
internal sealed partial class ActivationOwnershipMonitor(
    IClusterMembershipService membership,
    GrainLocator locator,
    Catalog catalog,
    ILocalSiloDetails localSilo,
    ILogger<ActivationOwnershipMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken).ConfigureAwait(false))
            {
                DeactivateMoved(snapshot);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Starts deactivating every activation owned elsewhere in the current view; returns how many.</summary>
    internal int DeactivateMoved(ClusterMembershipSnapshot snapshot)
    {
        var self = localSilo.SiloAddress;
        if (snapshot.GetStatus(self) != MembershipStatus.Active)
        {
            return 0;
        }

        // The newest ring, which is at least as new as the snapshot this pass was woken for.
        var view = locator.Current;
        var moved = 0;
        foreach (var activation in catalog.Activations)
        {
            if (view.GetOwner(activation.GrainId) is { } owner && owner != self)
            {
                activation.StartDeactivation(DeactivationReason.DirectoryOwnershipChanged);
                moved++;
            }
        }

        if (moved > 0)
        {
            Log.Deactivating(logger, moved, view.Version);
        }

        return moved;
    }

    private static partial class Log
    {
        [LoggerMessage(61, LogLevel.Information, "Deactivating {Count} activations owned by other silos in membership view {Version}")]
        public static partial void Deactivating(ILogger logger, int count, long version);
    }
}
