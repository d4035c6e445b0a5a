using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Runtime.Events;
using OrleansAuth.Runtime.Storage;

namespace OrleansAuth.Runtime.Hosting;

/// <summary>Adds a silo configured from the standard keys (DESIGN.md §3).</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Grain storage from <c>Storage:Provider</c> and <c>ConnectionStrings:AuthDb</c> (schema migrated at start), and
    /// the grain runtime with options from the <c>GrainRuntime</c> section, and webhook delivery of its events (<c>Events</c>).
    /// </summary>
    public static IServiceCollection AddSilo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGrainStorage(configuration);
        services.AddGrainRuntime();
        services.Configure<GrainRuntimeOptions>(configuration.GetSection(GrainRuntimeOptions.SectionName));
        services.AddEventDelivery(configuration);
        return services;
    }
}
