namespace OrleansAuth.Hosting.Client;

/// <summary>
/// Keeps the client's first connection attempt going while no gateway answers (silos still starting, or all of them
/// restarting), instead of failing the API's start; the host's stop token ends it.
/// </summary>
internal sealed class ReconnectUntilStopped : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        await Task.Delay(Delay, cancellationToken);
        return true;
    }
}
