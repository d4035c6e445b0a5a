using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using OrleansAuth.Runtime.Activation;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Messaging;
using OrleansAuth.Runtime.Messaging.Transport;
using OrleansAuth.Runtime.Placement;
using OrleansAuth.Runtime.Statistics;
using OrleansAuth.Runtime.Storage;

namespace OrleansAuth.Runtime.Client;

/// <summary>Makes a process a cluster client (DESIGN.md §1, Routing): it calls the silos of a cluster without being one.</summary>
public static class ClusterClientServiceCollectionExtensions
{
    /// <summary>
    /// A cluster client configured from the standard keys: the shared database (<c>Storage:Provider</c>,
    /// <c>ConnectionStrings:AuthDb</c>, <c>Cluster:ClusterId</c>; schema migrated at start), the sections
    /// <c>ClusterClient</c>, <c>Messaging</c> and <c>GrainRuntime</c> (its <c>ResponseTimeout</c> bounds every call).
    /// See <see cref="AddClusterClient(IServiceCollection, Action{ClusterClientOptions}?)"/>.
    /// </summary>
    public static IServiceCollection AddClusterClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddGrainStorage(configuration);
        services.Configure<ClusterClientOptions>(configuration.GetSection(ClusterClientOptions.SectionName));
        services.Configure<GrainRuntimeOptions>(configuration.GetSection(GrainRuntimeOptions.SectionName));
        services.Configure<MessagingOptions>(configuration.GetSection(MessagingOptions.SectionName));
        if (configuration["Cluster:ClusterId"] is { Length: > 0 } clusterId)
        {
            services.Configure<MessagingOptions>(options => options.ClusterId = clusterId);
        }

        return services.AddClusterClient();
    }

    /// <summary>
    /// Adds the cluster client's readiness check: healthy when the membership table can be read and lists at least
    /// one Active silo.
    /// </summary>
    public static IHealthChecksBuilder AddClusterClientCheck(this IHealthChecksBuilder builder, string name, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.AddCheck<ClusterClientHealthCheck>(name, tags: tags, timeout: TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// A cluster client: it reads the membership table of its cluster (read-only: it has no row of its own) every
    /// <see cref="ClusterClientOptions.ViewRefreshInterval"/> and whenever calls fail, places each grain on the same
    /// consistent-hash ring as the silos, and sends each call straight to the owning silo over the transport, through
    /// a circuit breaker per silo. The <see cref="IGrainFactory"/> it registers is the process's way to the grains.
    /// Needs the shared database (<c>AddGrainStorage</c>) for the membership table. A process is either a silo or a
    /// client: adding both fails.
    /// </summary>
    public static IServiceCollection AddClusterClient(this IServiceCollection services, Action<ClusterClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ClusterClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterClientOptions>, ClusterClientOptionsValidator>());
        if (services.Any(descriptor => descriptor.ServiceType == typeof(ClusterClientCallInvoker)))
        {
            return services;
        }

        if (services.Any(descriptor => descriptor.ServiceType == typeof(Catalog)))
        {
            throw new InvalidOperationException("This process already hosts a silo (AddGrainRuntime/AddSilo); a silo cannot also be a cluster client.");
        }

        // Registered before the transport's own identity (which takes a fixed name), so ClusterClient:Name applies.
        var defaultName = $"{Dns.GetHostName()}:{Environment.ProcessId}";
        services.TryAddSingleton<ILocalNode>(provider => new ClientNode(
            provider.GetRequiredService<IOptions<ClusterClientOptions>>().Value.Name ?? defaultName,
            provider.GetRequiredService<IOptions<MessagingOptions>>().Value.ClusterId));
        services.AddGrainClientTransport(defaultName);

        // The periodic read of the table is the client's only news of membership changes: silos notify each other,
        // not their clients.
        // The first view is read (and a database that cannot be read fails the start) before anything is served.
        services.AddClusterMembershipView();
        services.AddOptions<ClusterMembershipOptions>()
            .Configure<IOptions<ClusterClientOptions>>((membership, client) => membership.TableRefreshInterval = client.Value.ViewRefreshInterval);
        services.TryAddSingleton<GrainLocator>();
        services.AddSingleton<ClientRoutingView>();
        services.AddMetrics();
        services.AddSingleton<SiloCircuitBreakers>();
        services.AddSingleton<ClusterClientStatistics>();
        services.AddSingleton<IClusterStatistics>(provider => new MembershipClusterStatistics(
            provider.GetRequiredService<IClusterMembershipService>(),
            provider.GetRequiredService<ISiloControlChannel>(),
            provider.GetRequiredService<ILogger<MembershipClusterStatistics>>()));
        services.AddSingleton<ClusterClientCallInvoker>();
        services.AddSingleton<IGrainCallInvoker>(provider => provider.GetRequiredService<ClusterClientCallInvoker>());
        services.AddSingleton<IGrainFactory>(provider => new GrainFactory(provider.GetRequiredService<ClusterClientCallInvoker>()));
        services.AddHostedService<ClusterClientHostedService>();
        return services;
    }
}
