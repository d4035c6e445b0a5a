using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Placement;

namespace OrleansAuth.Runtime.Client;

/// <summary>
/// The client's routing table: the silos' own <see cref="GrainLocator"/> (the ring over the Active members of the
/// newest view, so client and silos agree on every owner once they see the same version) plus on-demand reads of the
/// membership table for failed calls. Calls failing together share one read, and reads are at least
/// <see cref="ClusterClientOptions.MinViewRefreshInterval"/> apart, so a burst of failures cannot flood the database.
/// </summary>
internal sealed partial class ClientRoutingView : IDisposable
{
    private readonly IClusterMembershipService _membership;
    private readonly GrainLocator _locator;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _minRefreshInterval;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private Task? _refreshing;
    private long _lastRefreshStarted;

    public ClientRoutingView(IClusterMembershipService membership, GrainLocator locator, IOptions<ClusterClientOptions> options, TimeProvider timeProvider, ILogger<ClientRoutingView> logger)
    {
        _membership = membership;
        _locator = locator;
        _timeProvider = timeProvider;
        _minRefreshInterval = options.Value.MinViewRefreshInterval;
        _logger = logger;
    }

    /// <summary>The ring over the newest view.</summary>
    public PlacementView Current => _locator.Current;

    /// <summary>
    /// Reads the membership table unless a view newer than <paramref name="seenVersion"/> is already known; joins a
    /// read in progress. Never throws for a failed read (the caller routes on the view it has); honours cancellation.
    /// </summary>
    public Task RefreshAsync(long seenVersion, CancellationToken cancellationToken)
    {
        if (_membership.CurrentSnapshot.Version > seenVersion)
        {
            return Task.CompletedTask;
        }

        Task refreshing;
        lock (_lock)
        {
            if (_refreshing is not { IsCompleted: false })
            {
                using (ExecutionContext.SuppressFlow())
                {
                    _refreshing = ReadTableAsync();
                }
            }

            refreshing = _refreshing;
        }

        return refreshing.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private async Task ReadTableAsync()
    {
        try
        {
            var wait = _minRefreshInterval - _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastRefreshStarted));
            if (_lastRefreshStarted != 0 && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _timeProvider, _disposed.Token).ConfigureAwait(false);
            }

            Interlocked.Exchange(ref _lastRefreshStarted, _timeProvider.GetTimestamp());
            await _membership.RefreshAsync(0, _disposed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception exception)
        {
            LogRefreshFailed(exception);
        }
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Could not read the membership table; routing on the last view")]
    private partial void LogRefreshFailed(Exception exception);

}
