using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansAuth.Hosting.Cluster;
using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Hosting.Client;

/// <summary>Makes a process an Orleans client of the service's cluster (an API node in <c>Cluster:Mode=client</c>).</summary>
public static class AuthClusterClientServiceCollectionExtensions
{
    /// <summary>
    /// An Orleans client that finds the gateways in the ADO.NET membership table of <c>ConnectionStrings:AuthDb</c>
    /// (PostgreSQL, cluster <c>Cluster:ClusterId</c>), keeps reconnecting while no gateway answers, and resends the calls
    /// that are safe to resend (<see cref="FailoverCallFilter"/>, section <c>ClusterClient</c>). The shared database
    /// is registered too, for the stores the API reads itself (signing keys, audit log, users).
    /// </summary>
    public static IServiceCollection AddAuthClusterClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = ClusterDatabase.ConnectionString(configuration);
        var clusterId = ClusterDatabase.ClusterId(configuration);
        services.AddGrainStorage(configuration);
        services.AddOptions<ClusterClientOptions>().Bind(configuration.GetSection(ClusterClientOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterClientOptions>, ClusterClientOptionsValidator>());
        services.AddServiceClock();
        services.AddOrleansClient(client =>
        {
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = ClusterDatabase.Invariant;
                options.ConnectionString = connectionString;
            });
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = clusterId;
            });
            client.Services.AddOptions<GatewayOptions>().Configure<IOptions<ClusterClientOptions>>(
                (gateway, settings) => gateway.GatewayListRefreshPeriod = settings.Value.GatewayListRefreshPeriod);
            client.Services.AddOptions<ClientMessagingOptions>().Configure<IOptions<ClusterClientOptions>>(
                (messaging, settings) => messaging.ResponseTimeout = settings.Value.ResponseTimeout);
            client.UseConnectionRetryFilter<ReconnectUntilStopped>();
            client.AddOutgoingGrainCallFilter<FailoverCallFilter>();
        });
        return services;
    }
}
