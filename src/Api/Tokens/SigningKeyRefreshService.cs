using OrleansAuth.Hosting;
using Microsoft.Extensions.Options;

namespace OrleansAuth.Api.Tokens;

/// <summary>
/// Loads (or creates) the signing keys before anything is served — after the schema migration, which also runs in
/// StartingAsync and is registered first — and then re-reads them every <c>Auth:SigningKeys:RefreshInterval</c>, so
/// nodes pick up keys created elsewhere without a restart. A start without keys fails: there is no ephemeral key.
/// </summary>
internal sealed partial class SigningKeyRefreshService(
    SigningKeyRing ring,
    SigningKeyProtector protector,
    IOptions<SigningKeyOptions> options,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider time,
    ILogger<SigningKeyRefreshService> logger) : IHostedLifecycleService
{
    // Not disposed: hosts may stop twice, and a CancellationTokenSource without timers holds nothing to release.
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!protector.IsProtecting)
        {
            LogUnprotected();
        }

        await ring.RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = RefreshLoopAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await ring.RefreshAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Keep signing with the keys we have; the next tick tries again.
                    LogRefreshFailed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(LogLevel.Warning, "Auth:SigningKeys:EncryptionKey is not set: new signing keys are stored unsealed (Development only)")]
    private partial void LogUnprotected();

    [LoggerMessage(LogLevel.Error, "Refreshing the signing keys failed; signing continues with the keys already loaded")]
    private partial void LogRefreshFailed(Exception exception);
}
