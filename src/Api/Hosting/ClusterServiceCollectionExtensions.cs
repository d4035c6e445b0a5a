using OrleansAuth.Api.Health;
using OrleansAuth.Grains;
using OrleansAuth.Hosting.Client;
using OrleansAuth.Hosting.Silo;

namespace OrleansAuth.Api.Hosting;

/// <summary>
/// Gives the API its way to the grains according to <c>Cluster:Mode</c> — an Orleans silo in this process (embedded)
/// or an Orleans client of a cluster's gateways (client) — and the readiness check of the cluster it depends on.
/// </summary>
public static class ClusterServiceCollectionExtensions
{
    public static IServiceCollection AddClusterAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        switch (options.Mode.Trim().ToLowerInvariant())
        {
            case ClusterOptions.EmbeddedMode:
                services.AddOrleans(silo => silo.AddEmbeddedAuthSilo(configuration));
                services.AddUserGrains(configuration);
                break;
            case ClusterOptions.ClientMode:
                services.AddAuthClusterClient(configuration);
                break;
            default:
                throw new InvalidOperationException($"Cluster:Mode must be '{ClusterOptions.EmbeddedMode}' or '{ClusterOptions.ClientMode}' (was '{options.Mode}').");
        }

        services.AddHealthChecks().AddCheck<ClusterHealthCheck>(HealthEndpoints.ClusterCheck, tags: ["ready"], timeout: TimeSpan.FromSeconds(5));
        services.Configure<ClusterOptions>(configuration.GetSection(ClusterOptions.SectionName));
        return services;
    }
}
