using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Statistics;
using OrleansAuth.Runtime.Storage;

namespace OrleansAuth.Runtime.Activation;

/// <summary>What every activation of a silo shares; one instance per silo, so activations stay small.</summary>
internal sealed class ActivationServices(
    Catalog catalog,
    IServiceProvider serviceProvider,
    GrainRuntimeOptions options,
    TimeProvider timeProvider,
    GrainCallStatistics statistics,
    GrainStateSerializer serializer,
    ILogger logger,
    CancellationToken shutdownToken)
{
    private IGrainFactory? _grainFactory;
    private IGrainStorage? _storage;

    public Catalog Catalog { get; } = catalog;

    public IServiceProvider ServiceProvider { get; } = serviceProvider;

    public GrainRuntimeOptions Options { get; } = options;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public GrainCallStatistics Statistics { get; } = statistics;

    public GrainStateSerializer Serializer { get; } = serializer;

    public ILogger Logger { get; } = logger;

    /// <summary>Cancelled when the silo stops; bounds state reads during activation.</summary>
    public CancellationToken ShutdownToken { get; } = shutdownToken;

    // Resolved on first use: the factory depends on the invoker, which depends on the catalog.
    public IGrainFactory GrainFactory => _grainFactory ??= ServiceProvider.GetRequiredService<IGrainFactory>();

    public IGrainStorage Storage => _storage ??= ServiceProvider.GetService<IGrainStorage>()
        ?? throw new InvalidOperationException("A grain declares [PersistentState] but no grain storage is configured (UseSqliteGrainStorage / UsePostgresGrainStorage).");
}
