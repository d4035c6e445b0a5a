using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Placement;

namespace OrleansAuth.Runtime.Client;

/// <summary>
/// The client's routing table: the newest membership view it has read and the placement ring over its Active silos
/// (the same ring the silos build, so both sides agree on every owner once they see the same version). Failed calls
/// ask for a fresh read; requests arriving together share one read, and reads are at least
/// <see cref="ClusterClientOptions.MinViewRefreshInterval"/> apart so a burst of failures cannot flood the database.
/// </summary>
internal sealed partial class ClientRoutingView : IDisposable
{
    private readonly IClusterMembershipService _membership;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _minRefreshInterval;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private volatile Routing _routing = new(ClusterMembershipSnapshot.Empty);
    private Task? _refreshing;
    private long _lastRefreshStarted;

    public ClientRoutingView(IClusterMembershipService membership, IOptions<ClusterClientOptions> options, TimeProvider timeProvider, ILogger<ClientRoutingView> logger)
    {
        _membership = membership;
        _timeProvider = timeProvider;
        _minRefreshInterval = options.Value.MinViewRefreshInterval;
        _logger = logger;
    }

    /// <summary>The ring over the newest view; rebuilt once per view version, on first use.</summary>
    public Routing Current
    {
        get
        {
            var snapshot = _membership.CurrentSnapshot;
            var routing = _routing;
            if (!ReferenceEquals(routing.Snapshot, snapshot))
            {
                routing = new Routing(snapshot);
                _routing = routing;
            }

            return routing;
        }
    }

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

    /// <summary>One membership view and its placement ring.</summary>
    internal sealed class Routing(ClusterMembershipSnapshot snapshot)
    {
        private readonly ConsistentHashRing _ring = new(snapshot.ActiveMembers.Select(member => member.Address));

        public ClusterMembershipSnapshot Snapshot { get; } = snapshot;

        public long Version => Snapshot.Version;

        /// <summary>The Active silo that owns <paramref name="grainId"/>, or null when no silo is Active.</summary>
        public SiloAddress? GetOwner(GrainId grainId) => _ring.GetOwner(grainId);

        public bool IsActive(SiloAddress silo) => Snapshot.GetStatus(silo) == MembershipStatus.Active;
    }
}
