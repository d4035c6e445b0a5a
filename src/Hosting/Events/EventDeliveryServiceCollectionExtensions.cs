using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OrleansAuth.Hosting.Events;

/// <summary>Adds webhook delivery of the grain_events outbox (section <c>Events</c>), validated at start.</summary>
public static class EventDeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Events:*</c> and runs the event dispatcher as a hosted service. Call it on hosts that run a silo
    /// (they share the database with the outbox), not on cluster clients. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddEventDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<EventsOptions>(configuration.GetSection(EventsOptions.SectionName));
        if (services.Any(descriptor => descriptor.ServiceType == typeof(EventDispatcher)))
        {
            return services;
        }

        services.AddOptions<EventsOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<EventsOptions>, EventsOptionsValidator>();
        services.AddMetrics();
        services.AddServiceClock();
        services.AddSingleton<EventsMetrics>();
        services.AddSingleton<EventOutbox>();
        services.AddSingleton<EventDispatcher>();
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<EventDispatcher>());
        return services;
    }
}
