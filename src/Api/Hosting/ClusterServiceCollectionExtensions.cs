using OrleansAuth.Grains;
using OrleansAuth.Runtime.Hosting;

namespace OrleansAuth.Api.Hosting;

/// <summary>Gives the API an <c>IGrainFactory</c> according to <c>Cluster:Mode</c>.</summary>
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
                break;
            case ClusterOptions.ClientMode:
                // The silo transport and membership client arrive with the multi-silo cluster work (issue 4).
                throw new InvalidOperationException("Cluster:Mode 'client' is not available in this build; use 'embedded'.");
            default:
                throw new InvalidOperationException($"Cluster:Mode must be '{ClusterOptions.EmbeddedMode}' or '{ClusterOptions.ClientMode}' (was '{options.Mode}').");
        }

        services.Configure<ClusterOptions>(configuration.GetSection(ClusterOptions.SectionName));
        return services;
    }
}
