using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Membership.Table;
using OrleansAuth.Runtime.Statistics;
using OrleansAuth.Runtime.Storage;
using OrleansAuth.Runtime.Storage.Database;

namespace OrleansAuth.Runtime.Membership;

/// <summary>Makes a silo a member of a cluster (DESIGN.md §1, Membership).</summary>
public static class MembershipServiceCollectionExtensions
{
    /// <summary>
    /// Cluster membership with options from the <c>Membership</c> section. See <see cref="AddClusterMembership(IServiceCollection, Action{ClusterMembershipOptions}?)"/>.
    /// </summary>
    public static IServiceCollection AddClusterMembership(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<ClusterMembershipOptions>(configuration.GetSection(ClusterMembershipOptions.SectionName));
        return services.AddClusterMembership();
    }

    /// <summary>
    /// Cluster membership: this silo's row in the membership table of <c>Cluster:ClusterId</c> (in the grain storage
    /// database, which must be added too), the join/leave protocol around the grain runtime's start and stop, failure
    /// detection over the silo transport (<c>AddSiloTransport</c>, which also gives the silo its identity; add it
    /// before this, so its listener opens first and closes last), and
    /// <see cref="IClusterMembershipService"/>. The host's <see cref="ISiloStatusProvider"/> reports Active only once the
    /// silo is an Active member. Without this call a silo runs alone, as in embedded mode.
    /// </summary>
    public static IServiceCollection AddClusterMembership(this IServiceCollection services, Action<ClusterMembershipOptions>? configure = null)
    {
        services.AddClusterMembershipView(configure);
        if (services.Any(descriptor => descriptor.ServiceType == typeof(MembershipAgent)))
        {
            return services;
        }

        services.AddGrainRuntime();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<MembershipGossiper>(provider, RequiredControlChannel(provider)));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<ClusterHealthMonitor>(provider, RequiredControlChannel(provider)));
        services.AddSingleton<MembershipTableManager>();
        services.AddSingleton<LocalMembershipState>();
        services.AddSingleton<MembershipAgent>();
        services.Replace(ServiceDescriptor.Singleton<ISiloStatusProvider, ClusterSiloStatusProvider>());
        services.Replace(ServiceDescriptor.Singleton<IClusterStatistics>(provider => new MembershipClusterStatistics(
            provider.GetRequiredService<IClusterMembershipService>(),
            RequiredControlChannel(provider),
            provider.GetRequiredService<ILogger<MembershipClusterStatistics>>(),
            provider.GetRequiredService<SiloRuntimeReporter>(),
            provider.GetRequiredService<ILocalSiloDetails>())));

        // Registered after the view, whose first read comes before the agent joins (in StartedAsync, once every
        // service has started) and which stops after the agent, so the agent's last writes still update it.
        services.AddHostedService(provider => provider.GetRequiredService<MembershipAgent>());
        return services;
    }

    /// <summary>The membership view with options from the <c>Membership</c> section; see <see cref="AddClusterMembershipView(IServiceCollection, Action{ClusterMembershipOptions}?)"/>.</summary>
    public static IServiceCollection AddClusterMembershipView(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<ClusterMembershipOptions>(configuration.GetSection(ClusterMembershipOptions.SectionName));
        return services.AddClusterMembershipView();
    }

    /// <summary>
    /// Only the membership view, <see cref="IClusterMembershipService"/>, for a process that follows the cluster
    /// without being a silo (an API node in client mode, a dashboard): it reads the membership table of
    /// <c>Cluster:ClusterId</c> at start and every <see cref="ClusterMembershipOptions.TableRefreshInterval"/>, and
    /// on demand through <see cref="IClusterMembershipService.RefreshAsync"/>. Needs the grain storage database.
    /// </summary>
    public static IServiceCollection AddClusterMembershipView(this IServiceCollection services, Action<ClusterMembershipOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ClusterMembershipOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterMembershipOptions>, ClusterMembershipOptionsValidator>());
        if (services.Any(descriptor => descriptor.ServiceType == typeof(ClusterMembershipService)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMembershipTable>(provider => new MembershipTable(
            provider.GetService<IAuthDatabase>() ?? throw new InvalidOperationException(
                "Cluster membership keeps its table in the grain storage database: add grain storage (AddSilo or AddGrainStorage) too."),
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.ClusterId,
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ClusterMembershipService>();
        services.AddSingleton<IClusterMembershipService>(provider => provider.GetRequiredService<ClusterMembershipService>());
        services.AddSingleton<IMembershipChangeListener>(provider => provider.GetRequiredService<ClusterMembershipService>());
        services.AddHostedService(provider => provider.GetRequiredService<ClusterMembershipService>());
        return services;
    }

    private static ISiloControlChannel RequiredControlChannel(IServiceProvider provider) =>
        provider.GetService<ISiloControlChannel>() ?? throw new InvalidOperationException(
            "Cluster membership probes and notifies other silos over the silo transport, but no ISiloControlChannel is registered: add the silo transport.");
}
