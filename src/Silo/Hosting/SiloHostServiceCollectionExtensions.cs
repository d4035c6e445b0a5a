using OrleansAuth.Grains;
using OrleansAuth.Hosting.Silo;

namespace OrleansAuth.Silo.Hosting;

/// <summary>Everything a silo process runs.</summary>
public static class SiloHostServiceCollectionExtensions
{
    /// <summary>
    /// An Orleans silo that joins the cluster of <c>Cluster:ClusterId</c> through the PostgreSQL membership table
    /// (<see cref="AuthSiloBuilderExtensions.AddClusterAuthSilo"/>: endpoints, failure detection, storage and event
    /// delivery, all from configuration) and hosts the authentication grains.
    /// </summary>
    public static IServiceCollection AddSiloHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOrleans(silo => silo.AddClusterAuthSilo(configuration));
        services.AddUserGrains(configuration);
        return services;
    }
}
