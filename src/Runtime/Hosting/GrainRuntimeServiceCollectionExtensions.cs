using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Activation;
using OrleansAuth.Runtime.Messaging;
using OrleansAuth.Runtime.Statistics;
using OrleansAuth.Runtime.Storage;

namespace OrleansAuth.Runtime.Hosting;

/// <summary>Adds the grain runtime (a silo) and grain classes to a host.</summary>
public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>Adds an in-process silo: catalog, scheduling, idle collection, statistics and a local <see cref="IGrainFactory"/>.</summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeOptions>? configure = null)
    {
        var options = services.AddOptions<GrainRuntimeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainRuntimeOptions>, GrainRuntimeOptionsValidator>());
        services.AddOptions<GrainStateSerializerOptions>();

        if (services.Any(d => d.ServiceType == typeof(Catalog)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GrainClassRegistry>();
        services.AddSingleton<GrainStateSerializer>();
        services.AddSingleton<GrainCallStatistics>();
        services.AddSingleton<IGrainRuntimeStatistics>(sp => sp.GetRequiredService<GrainCallStatistics>());
        services.AddSingleton<SiloRuntimeReporter>();
        services.TryAddSingleton<IClusterStatistics, LocalClusterStatistics>();
        services.AddSingleton<Catalog>();
        services.AddSingleton<ActivationCollector>();
        services.AddSingleton<IGrainCallInvoker, LocalGrainCallInvoker>();
        services.AddSingleton<IGrainFactory, GrainFactory>();
        services.AddSingleton<GrainRuntimeHostedService>();
        services.AddSingleton<ISiloStatusProvider>(sp => sp.GetRequiredService<GrainRuntimeHostedService>());
        services.AddHostedService(sp => sp.GetRequiredService<GrainRuntimeHostedService>());
        return services;
    }

    /// <summary>Makes <typeparamref name="TGrain"/> the implementation of <typeparamref name="TGrainInterface"/> on this silo.</summary>
    public static IServiceCollection AddGrain<TGrainInterface, TGrain>(this IServiceCollection services)
        where TGrainInterface : IGrainWithStringKey
        where TGrain : Grain, TGrainInterface
    {
        services.AddSingleton(new GrainRegistration(GrainInterfaceRegistry.GetGrainType<TGrainInterface>(), typeof(TGrain)));
        return services;
    }

    /// <summary>Adds a source-generated JSON context used to serialize grain state.</summary>
    public static IServiceCollection AddGrainStateSerializer(this IServiceCollection services, System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver resolver)
    {
        services.Configure<GrainStateSerializerOptions>(o => o.TypeInfoResolvers.Add(resolver));
        return services;
    }
}
