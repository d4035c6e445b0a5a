using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Hosting;

namespace OrleansAuth.Runtime.Activation;

/// <summary>Every collection quantum, deactivates activations idle for longer than the collection age.</summary>
internal sealed partial class ActivationCollector(Catalog catalog, IOptions<GrainRuntimeOptions> options, TimeProvider timeProvider, ILogger<ActivationCollector> logger)
{
    private readonly GrainRuntimeOptions _options = options.Value;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.CollectionQuantum, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                CollectIdle();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Silo stopping.
        }
    }

    /// <summary>Starts deactivating every idle activation; returns how many.</summary>
    public int CollectIdle()
    {
        var collected = 0;
        foreach (var activation in catalog.Activations)
        {
            if (activation.IsIdleFor(_options.CollectionAge))
            {
                activation.StartDeactivation(DeactivationReason.IdleCollection);
                collected++;
            }
        }

        if (collected > 0)
        {
            LogCollected(collected, catalog.Count);
        }

        return collected;
    }

    [LoggerMessage(LogLevel.Debug, "Idle collection deactivating {Collected} of {Total} activations")]
    private partial void LogCollected(int collected, int total);
}
