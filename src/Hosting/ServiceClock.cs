using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansAuth.Hosting;

/// <summary>
/// The clock of the service's own rules (token and session lifetimes, lockout windows), registered as a keyed
/// <see cref="TimeProvider"/> apart from the one Orleans takes from the container: tests move this clock by hours
/// without also moving the silo's timers, response timeouts and activation ages.
/// </summary>
public static class ServiceClock
{
    public const string Key = "OrleansAuth.ServiceClock";

    /// <summary>The system clock under <see cref="Key"/>, unless a clock was registered there already.</summary>
    public static IServiceCollection AddServiceClock(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton(Key, TimeProvider.System);
        return services;
    }
}
