using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Messaging;
using OrleansAuth.Runtime.Messaging.Serialization;
using OrleansAuth.Runtime.Messaging.Transport;

namespace OrleansAuth.Runtime.Hosting;

/// <summary>Adds the network transport between silos and from cluster clients to silos.</summary>
public static class SiloTransportServiceCollectionExtensions
{
    /// <summary>
    /// Makes this silo reachable over TCP (<c>Silo:Port</c>, <c>Silo:AdvertisedAddress</c>) and able to call other silos:
    /// grain calls, probes and membership notices. Adds the grain runtime if it is not there yet.
    /// </summary>
    public static IServiceCollection AddSiloTransport(this IServiceCollection services, Action<MessagingOptions>? configure = null)
    {
        services.AddGrainRuntime();
        AddMessagingOptions(services, configure);
        services.AddOptions<SiloOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>());
        if (services.Any(d => d.ServiceType == typeof(LocalSilo)))
        {
            return services;
        }

        AddSerialization(services);
        services.AddSingleton<LocalSilo>();
        services.AddSingleton<ILocalSiloDetails>(sp => sp.GetRequiredService<LocalSilo>());
        services.AddSingleton<ILocalNode>(sp => sp.GetRequiredService<LocalSilo>());
        services.AddSingleton<SiloMessageHandler>();
        services.AddSingleton(sp => new ConnectionManager(
            sp.GetRequiredService<ILocalNode>(),
            sp.GetRequiredService<IOptions<MessagingOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<SiloMessageHandler>()));
        services.AddSingleton<SiloListener>();
        services.AddSingleton<ISiloControlChannel, SiloControlChannel>();
        AddInvoker(services);
        services.AddHostedService<SiloTransportHostedService>();
        return services;
    }

    /// <summary>
    /// <see cref="AddSiloTransport(IServiceCollection, Action{MessagingOptions})"/> configured from the sections
    /// <c>Silo</c> and <c>Messaging</c> and the key <c>Cluster:ClusterId</c>.
    /// </summary>
    public static IServiceCollection AddSiloTransport(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SiloOptions>(configuration.GetSection(SiloOptions.SectionName));
        return services.AddSiloTransport(options => Bind(configuration, options));
    }

    /// <summary>
    /// Lets this process (an API node in <c>Cluster:Mode=client</c>) call silos without being one: it connects as a
    /// client named <paramref name="clientName"/> and never accepts connections.
    /// </summary>
    public static IServiceCollection AddGrainClientTransport(this IServiceCollection services, string clientName, Action<MessagingOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientName);
        AddMessagingOptions(services, configure);
        services.AddOptions<GrainRuntimeOptions>();
        services.TryAddSingleton(TimeProvider.System);
        AddSerialization(services);
        services.TryAddSingleton<ILocalNode>(sp => new ClientNode(clientName, sp.GetRequiredService<IOptions<MessagingOptions>>().Value.ClusterId));
        services.TryAddSingleton(sp => new ConnectionManager(
            sp.GetRequiredService<ILocalNode>(),
            sp.GetRequiredService<IOptions<MessagingOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));

        // A client sends no probes or notices, only statistics requests (dashboard, /metrics).
        services.TryAddSingleton<ISiloControlChannel, SiloControlChannel>();
        AddInvoker(services);
        return services;
    }

    /// <summary>
    /// Registers source-generated JSON metadata (a <c>JsonSerializerContext</c>) for the DTOs that cross grain interfaces.
    /// Contexts are consulted in registration order; common primitives are always known.
    /// </summary>
    public static IServiceCollection AddGrainSerializerContext(this IServiceCollection services, IJsonTypeInfoResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        services.Configure<GrainSerializerOptions>(o => o.TypeInfoResolvers.Add(resolver));
        return services;
    }

    private static void Bind(IConfiguration configuration, MessagingOptions options)
    {
        configuration.GetSection(MessagingOptions.SectionName).Bind(options);
        if (configuration["Cluster:ClusterId"] is { Length: > 0 } clusterId)
        {
            options.ClusterId = clusterId;
        }
    }

    private static void AddMessagingOptions(IServiceCollection services, Action<MessagingOptions>? configure)
    {
        var options = services.AddOptions<MessagingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>());
    }

    private static void AddSerialization(IServiceCollection services)
    {
        services.AddOptions<GrainSerializerOptions>();
        services.TryAddSingleton<IGrainTypeInfoResolver, GrainTypeInfoResolver>();
        services.TryAddSingleton<GrainCodecCache>();
    }

    private static void AddInvoker(IServiceCollection services)
    {
        services.TryAddSingleton<IRemoteGrainInvoker, RemoteGrainInvoker>();
        services.TryAddSingleton<IRemoteGrainFactory, RemoteGrainFactory>();
    }
}
