using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Messaging;

namespace OrleansAuth.Runtime.Placement;

/// <summary>Registers the grain directory of a clustered silo: ring placement, routing, ownership hand-off.</summary>
internal static class PlacementServiceCollectionExtensions
{
    /// <summary>
    /// Grain calls of this silo go to each grain's owner on the ring over the Active members; inbound calls for grains
    /// owned elsewhere are forwarded or refused as moved; activations whose grain moved are deactivated. Needs the silo
    /// transport and cluster membership.
    /// </summary>
    public static IServiceCollection AddGrainPlacement(this IServiceCollection services)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(GrainLocator)))
        {
            return services;
        }

        services.AddSingleton<GrainLocator>();
        services.AddSingleton<IGrainPlacementCheck, GrainPlacementCheck>();
        services.AddSingleton<LocalGrainCallInvoker>();
        services.Replace(ServiceDescriptor.Singleton<IGrainCallInvoker, ClusterGrainCallInvoker>());
        services.AddHostedService<ActivationOwnershipMonitor>();
        return services;
    }
}
