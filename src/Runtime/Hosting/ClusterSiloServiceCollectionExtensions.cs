using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Placement;

namespace OrleansAuth.Runtime.Hosting;

/// <summary>Adds a silo that is a member of a multi-silo cluster (DESIGN.md §3, Cluster).</summary>
public static class ClusterSiloServiceCollectionExtensions
{
    /// <summary>
    /// A full cluster member configured from the standard keys: grain storage (<c>Storage:Provider</c>,
    /// <c>ConnectionStrings:AuthDb</c>) and the grain runtime (<c>GrainRuntime</c>) as <see cref="SiloServiceCollectionExtensions.AddSilo"/>;
    /// the silo transport (<c>Silo:Port</c>, <c>Silo:AdvertisedAddress</c>, <c>Silo:Name</c>, <c>Messaging</c>,
    /// <c>Cluster:ClusterId</c>); membership (<c>Membership</c>); and placement: each grain lives on its owner on the
    /// consistent-hash ring over the Active silos. Graceful stop: ShuttingDown, activations written and deactivated, Dead.
    /// </summary>
    public static IServiceCollection AddClusterSilo(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSilo(configuration);

        // Transport before membership: its listener opens first (joining silos are probed) and closes last.
        services.AddSiloTransport(configuration);
        services.AddClusterMembership(configuration);
        services.AddGrainPlacement();
        return services;
    }
}
