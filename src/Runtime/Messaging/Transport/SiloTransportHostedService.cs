using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>
/// Listens before anything else starts (joining silos are probed before they are active) and closes last: once the
/// grain runtime has stopped, the responses of the last turns are written, then the connections close.
/// </summary>
internal sealed partial class SiloTransportHostedService(
    SiloListener listener,
    ConnectionManager connections,
    SiloMessageHandler handler,
    IOptions<MessagingOptions> options,
    ILogger<SiloTransportHostedService> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        listener.Start();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        listener.StopAccepting();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        var drainTimeout = options.Value.ShutdownDrainTimeout;
        if (!await handler.Context.WaitUntilAnsweredAsync(drainTimeout).ConfigureAwait(false))
        {
            LogDrainTimedOut(logger, handler.Context.InFlight, drainTimeout);
        }

        await connections.CloseAllAsync(drainTimeout).ConfigureAwait(false);
        await listener.DisposeAsync().ConfigureAwait(false);
        await connections.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(50, LogLevel.Warning, "{Count} received calls were still unanswered after {Timeout}; closing connections anyway")]
    private static partial void LogDrainTimedOut(ILogger logger, int count, TimeSpan timeout);
}
