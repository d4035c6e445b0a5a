using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using OrleansAuth.Hosting.Storage.Database;
using OrleansAuth.Hosting.Storage.Migrations;
using OrleansAuth.Hosting.Storage.Postgres;
using OrleansAuth.Hosting.Storage.Sqlite;

namespace OrleansAuth.Hosting.Storage;

/// <summary>
/// Registers <see cref="IGrainStateStore"/>, the shared SQL database, the "database" health check and schema migration.
/// Migrations run in a hosted service's StartingAsync, before any hosted service starts, so a host built from these
/// registrations never serves against an old schema. Every method may be called more than once: services are
/// registered once, and option settings apply in call order (the last provider/connection string wins).
/// </summary>
public static class GrainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Reads the <c>Storage</c> section (provider, timeouts, circuit breaker), <c>ConnectionStrings:AuthDb</c> and
    /// <c>Cluster:ClusterId</c> into <see cref="StorageOptions"/>; absent keys keep the documented defaults.
    /// </summary>
    public static IServiceCollection AddGrainStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Configure(options =>
        {
            configuration.GetSection("Storage").Bind(options);
            options.Provider = configuration["Storage:Provider"] ?? options.Provider;
            options.ConnectionString = configuration.GetConnectionString("AuthDb") ?? options.ConnectionString;
            options.ClusterId = configuration["Cluster:ClusterId"] ?? options.ClusterId;
        });
        return services.AddGrainStorageServices();
    }

    /// <summary>Stores grain state in SQLite; the cluster id keeps its default unless configured.</summary>
    public static IServiceCollection UseSqliteGrainStorage(this IServiceCollection services, string connectionString) =>
        services.UseGrainStorage(StorageOptions.SqliteProvider, connectionString);

    /// <summary>Stores grain state in PostgreSQL; the cluster id keeps its default unless configured.</summary>
    public static IServiceCollection UsePostgresGrainStorage(this IServiceCollection services, string connectionString) =>
        services.UseGrainStorage(StorageOptions.PostgresProvider, connectionString);

    private static IServiceCollection UseGrainStorage(this IServiceCollection services, string provider, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddOptions<StorageOptions>().Configure(options =>
        {
            options.Provider = provider;
            options.ConnectionString = connectionString;
        });
        return services.AddGrainStorageServices();
    }

    private static IServiceCollection AddGrainStorageServices(this IServiceCollection services)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(GrainStorageRegistered)))
        {
            return services;
        }

        services.AddSingleton<GrainStorageRegistered>();
        services.AddLogging();
        services.AddOptions<StorageOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton(provider => AuthDatabaseFactory.Create(
            provider.GetRequiredService<IOptions<StorageOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(provider => new DatabaseCircuitBreaker(
            provider.GetRequiredService<IAuthDatabase>(),
            provider.GetRequiredService<IOptions<StorageOptions>>(),
            provider.GetKeyedService<TimeProvider>(ServiceClock.Key) ?? TimeProvider.System,
            provider.GetRequiredService<ILogger<DatabaseCircuitBreaker>>(),
            provider.GetService<IMeterFactory>()));
        services.AddSingleton<IGrainStateStore>(provider => new ResilientGrainStorage(CreateGrainStorage(provider), provider.GetRequiredService<DatabaseCircuitBreaker>()));

        // Both providers keep the events outbox next to the state, so one instance serves both roles.
        services.AddSingleton(provider => (IGrainEventStore)provider.GetRequiredService<IGrainStateStore>());
        services.AddOptions<GrainStateSerializerOptions>();
        services.AddSingleton<GrainStateSerializer>();
        services.AddSingleton<IGrainEventRecorder, GrainEventRecorder>();
        services.AddGrainStorage(OutboxGrainStorage.Name, (provider, _) => new OutboxGrainStorage(
            provider.GetRequiredService<IGrainStateStore>(),
            provider.GetRequiredService<GrainStateSerializer>()));
        services.AddSingleton(provider =>
        {
            var database = provider.GetRequiredService<IAuthDatabase>();
            return new SchemaMigrator(database, MigrationScriptCatalog.Load(database.Dialect), provider.GetRequiredService<ILogger<SchemaMigrator>>());
        });

        // First among hosted services, so that even StartingAsync of later lifecycle services sees the new schema.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SchemaMigrationHostedService>());
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: ["ready"]);
        return services;
    }

    /// <summary>Adds a source-generated JSON context for the grain states of a grain assembly.</summary>
    public static IServiceCollection AddGrainStateSerializer(this IServiceCollection services, System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Configure<GrainStateSerializerOptions>(options => options.TypeInfoResolvers.Add(resolver));
        return services;
    }

    private static IGrainStateStore CreateGrainStorage(IServiceProvider provider)
    {
        var clusterId = provider.GetRequiredService<IOptions<StorageOptions>>().Value.ClusterId;
        return provider.GetRequiredService<IAuthDatabase>() switch
        {
            SqliteAuthDatabase sqlite => new SqliteGrainStorage(sqlite, clusterId, provider.GetRequiredService<ILogger<SqliteGrainStorage>>()),
            PostgresAuthDatabase postgres => new PostgresGrainStorage(postgres, clusterId, provider.GetRequiredService<ILogger<PostgresGrainStorage>>()),
            var other => throw new InvalidOperationException($"No grain storage for {other.Dialect}."),
        };
    }
}
