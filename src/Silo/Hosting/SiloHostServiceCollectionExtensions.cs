using OrleansAuth.Grains;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Runtime.Hosting;

namespace OrleansAuth.Silo.Hosting;

/// <summary>Everything a silo process runs.</summary>
public static class SiloHostServiceCollectionExtensions
{
    /// <summary>
    /// A full cluster member (<see cref="ClusterSiloServiceCollectionExtensions.AddClusterSilo"/>: storage, transport,
    /// membership, placement, all from configuration) hosting the authentication grains, whose DTOs cross the wire.
    /// </summary>
    public static IServiceCollection AddSiloHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddClusterSilo(configuration);
        services.AddUserGrains(configuration);
        services.AddGrainSerializerContext(GrainsJsonContext.Default);
        return services;
    }
}
