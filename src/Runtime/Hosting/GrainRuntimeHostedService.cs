using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAuth.Runtime.Activation;

namespace OrleansAuth.Runtime.Hosting;

/// <summary>
/// Starts idle collection with the host and, on shutdown, stops taking calls, lets running turns finish and
/// deactivates every activation, so nothing is written half-way.
/// </summary>
internal sealed partial class GrainRuntimeHostedService(Catalog catalog, ActivationCollector collector, ILogger<GrainRuntimeHostedService> logger) : IHostedService, ISiloStatusProvider, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _stopLock = new();
    private Task? _collection;
    private Task? _stop;
    private volatile int _status = (int)SiloStatus.Starting;

    public SiloStatus Status => (SiloStatus)_status;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _collection = collector.RunAsync(_stopping.Token);
        _status = (int)SiloStatus.Active;
        LogStarted();
        return Task.CompletedTask;
    }

    // Hosts may stop a service more than once (and after disposal); the stop sequence runs once and later calls share it.
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopLock)
        {
            return _stop ??= StopOnceAsync(cancellationToken);
        }
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        catalog.StopAccepting();
        _status = (int)SiloStatus.ShuttingDown;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_collection is not null)
        {
            await _collection.ConfigureAwait(false);
        }

        var count = catalog.Count;
        await catalog.StopAsync(cancellationToken).ConfigureAwait(false);
        _status = (int)SiloStatus.Stopped;
        LogStopped(count);
    }

    public void Dispose()
    {
        lock (_stopLock)
        {
            // Disposed without a stop (host failed to start): make a later StopAsync a no-op.
            _stop ??= Task.CompletedTask;
        }

        _stopping.Dispose();
    }

    [LoggerMessage(LogLevel.Information, "Grain runtime started")]
    private partial void LogStarted();

    [LoggerMessage(LogLevel.Information, "Grain runtime stopped; {Count} activations deactivated")]
    private partial void LogStopped(int count);
}
