using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Membership.Table;

namespace OrleansAuth.Runtime.Membership;

/// <summary>
/// Holds this node's membership view and replaces it whenever a newer table version is seen: a write of this silo,
/// a change notification from another silo (gossip), or the periodic re-read of the table that covers lost
/// notifications. Works without the rest of membership, so a cluster client can use it to follow the silos.
/// </summary>
internal sealed class ClusterMembershipService : IClusterMembershipService, IMembershipChangeListener, IHostedService, IDisposable
{
    private readonly IMembershipTable _table;
    private readonly ClusterMembershipOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ClusterMembershipService> _logger;
    private readonly Lock _publishLock = new();
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private volatile ViewNode _current = new(ClusterMembershipSnapshot.Empty);
    private Task? _refreshLoop;
    private int _disposed;

    public ClusterMembershipService(IMembershipTable table, IOptions<ClusterMembershipOptions> options, TimeProvider timeProvider, ILogger<ClusterMembershipService> logger)
    {
        _table = table;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Raised on the publishing thread for every newer view, before <see cref="MembershipUpdates"/> readers resume.</summary>
    internal event Action<ClusterMembershipSnapshot>? SnapshotPublished;

    public ClusterMembershipSnapshot CurrentSnapshot => _current.Snapshot;

    public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => EnumerateUpdatesAsync();

    public async Task<ClusterMembershipSnapshot> RefreshAsync(long minimumVersion, CancellationToken cancellationToken)
    {
        if (minimumVersion > 0 && CurrentSnapshot.Version >= minimumVersion)
        {
            return CurrentSnapshot;
        }

        // One read at a time: concurrent callers asking for the same version share the first one's result.
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (minimumVersion > 0 && CurrentSnapshot.Version >= minimumVersion)
            {
                return CurrentSnapshot;
            }

            TryPublish(await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false));
            return CurrentSnapshot;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>Makes <paramref name="snapshot"/> the view if it is newer than the current one.</summary>
    internal bool TryPublish(ClusterMembershipSnapshot snapshot)
    {
        ViewNode previous;
        ViewNode next;
        lock (_publishLock)
        {
            previous = _current;
            if (snapshot.Version <= previous.Snapshot.Version)
            {
                return false;
            }

            next = new ViewNode(snapshot);
            _current = next;
        }

        _logger.ViewChanged(snapshot.Version, snapshot);
        SnapshotPublished?.Invoke(snapshot);
        previous.Next.TrySetResult(next);
        if (_stopping.IsCancellationRequested && _refreshLoop is { IsCompleted: true })
        {
            // Published during shutdown (this silo's own Dead row): readers see it, then their enumeration ends.
            next.Next.TrySetResult(null);
        }

        return true;
    }

    public void OnMembershipChanged(SiloAddress sender, long tableVersion)
    {
        if (tableVersion > CurrentSnapshot.Version && !_stopping.IsCancellationRequested)
        {
            _ = RefreshQuietlyAsync(tableVersion);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first view is read before anything that depends on it starts; a database that cannot be read fails the start.
        await RefreshAsync(0, cancellationToken).ConfigureAwait(false);
        _refreshLoop = RefreshPeriodicallyAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        if (_refreshLoop is not null)
        {
            await _refreshLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Ends every MembershipUpdates enumeration.
        _current.Next.TrySetResult(null);
    }

    // The container disposes it once per registration it was resolved through.
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Disposed without a stop (a host that failed to start, or a test's killed silo): end the refresh loop too.
        _stopping.Cancel();
        _current.Next.TrySetResult(null);
        _stopping.Dispose();
        _refreshLock.Dispose();
    }

    private async Task RefreshPeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.TableRefreshInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await RefreshQuietlyAsync(0).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshQuietlyAsync(long minimumVersion)
    {
        try
        {
            await RefreshAsync(minimumVersion, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception exception)
        {
            _logger.RefreshFailed(exception);
        }
    }

    private async IAsyncEnumerable<ClusterMembershipSnapshot> EnumerateUpdatesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var node = _current;
        while (true)
        {
            yield return node.Snapshot;
            if (await node.Next.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                yield break;
            }

            // Skip views published while the reader was busy: it only ever needs the newest.
            node = _current;
        }
    }

    private sealed class ViewNode(ClusterMembershipSnapshot snapshot)
    {
        public ClusterMembershipSnapshot Snapshot { get; } = snapshot;

        /// <summary>The next view, or null when the service stopped.</summary>
        public TaskCompletionSource<ViewNode?> Next { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
