using OrleansAuth.Api.Health;
using OrleansAuth.Grains;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Runtime.Client;
using OrleansAuth.Runtime.Hosting;

namespace OrleansAuth.Api.Hosting;

/// <summary>
/// Gives the API an <c>IGrainFactory</c> according to <c>Cluster:Mode</c>, and the readiness check of what it depends
/// on: the in-process silo (embedded) or the cluster it calls (client).
/// </summary>
public static class ClusterServiceCollectionExtensions
{
    public static IServiceCollection AddClusterAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        switch (options.Mode.Trim().ToLowerInvariant())
        {
            case ClusterOptions.EmbeddedMode:
                services.AddSilo(configuration);
                services.AddUserGrains(configuration);
                services.AddHealthChecks().AddCheck<SiloHealthCheck>(HealthEndpoints.ClusterCheck, tags: ["ready"]);
                break;
            case ClusterOptions.ClientMode:
                services.AddClusterClient(configuration);
                services.AddGrainSerializerContext(GrainsJsonContext.Default);
                services.AddHealthChecks().AddClusterClientCheck(HealthEndpoints.ClusterCheck, "ready");
                break;
            default:
                throw new InvalidOperationException($"Cluster:Mode must be '{ClusterOptions.EmbeddedMode}' or '{ClusterOptions.ClientMode}' (was '{options.Mode}').");
        }

        services.Configure<ClusterOptions>(configuration.GetSection(ClusterOptions.SectionName));
        return services;
    }
}
