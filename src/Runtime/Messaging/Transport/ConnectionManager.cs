using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>
/// The connections of this process: a few outbound connections per silo (opened on first use, reopened after a
/// failure with a doubling delay during which calls fail fast), the inbound ones a listener accepted, and one timer that
/// fails calls whose response timeout passed.
/// </summary>
internal sealed partial class ConnectionManager : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<SiloAddress, Peer> _peers = new();
    private readonly ConcurrentDictionary<Connection, byte> _connections = new();
    private readonly ILocalNode _local;
    private readonly MessagingOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ITimer _sweep;
    private volatile bool _disposed;

    public ConnectionManager(ILocalNode local, IOptions<MessagingOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory, IInboundMessageHandler? handler = null)
    {
        _local = local;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger("OrleansAuth.Runtime.Messaging");
        Shared = new ConnectionShared(_options, timeProvider, _logger, handler);
        _sweep = timeProvider.CreateTimer(static s => ((ConnectionManager)s!).ExpirePending(), this, _options.ResponseTimeoutCheckPeriod, _options.ResponseTimeoutCheckPeriod);
    }

    public ConnectionShared Shared { get; }

    public ILocalNode Local => _local;

    /// <summary>Every open connection, inbound and outbound.</summary>
    public ICollection<Connection> Connections => _connections.Keys;

    /// <summary>An open connection to exactly <paramref name="target"/>, opening one when needed.</summary>
    public ValueTask<Connection> GetConnectionAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var peer = _peers.GetOrAdd(target, static (_, count) => new Peer(count), _options.ConnectionsPerSilo);
        var slot = peer.NextSlot();
        var existing = Volatile.Read(ref peer.Connections[slot]);
        return existing is { IsOpen: true } ? new ValueTask<Connection>(existing) : new ValueTask<Connection>(ConnectSlowAsync(target, peer, slot, cancellationToken));
    }

    /// <summary>Tracks an accepted connection.</summary>
    public void AddInbound(Connection connection) => Track(connection);

    /// <summary>Closes the connections to <paramref name="silo"/> and forgets it (for example once it is declared dead).</summary>
    public void Disconnect(SiloAddress silo)
    {
        if (_peers.TryRemove(silo, out var peer))
        {
            foreach (var connection in peer.Connections)
            {
                connection?.Close(null);
            }
        }
    }

    /// <summary>Lets queued messages go out, then closes every connection.</summary>
    public async Task CloseAllAsync(TimeSpan drainTimeout)
    {
        await Task.WhenAll(_connections.Keys.Select(c => c.CloseGracefullyAsync(drainTimeout))).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sweep.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.Close(null);
        }
    }

    private async Task<Connection> ConnectSlowAsync(SiloAddress target, Peer peer, int slot, CancellationToken cancellationToken)
    {
        Task<Connection> connecting;
        lock (peer)
        {
            var current = peer.Connections[slot];
            if (current is { IsOpen: true })
            {
                return current;
            }

            if (peer.Connecting[slot] is { } inProgress)
            {
                connecting = inProgress;
            }
            else
            {
                if (peer.LastError is { } lastError && _timeProvider.GetTimestamp() < peer.RetryAfter)
                {
                    throw new SiloUnavailableException($"Silo {target} is unreachable (last attempt: {lastError.Message}); not retrying yet.", lastError);
                }

                using (ExecutionContext.SuppressFlow())
                {
                    connecting = peer.Connecting[slot] = Task.Run(() => ConnectAsync(target, peer, slot));
                }
            }
        }

        return await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<Connection> ConnectAsync(SiloAddress target, Peer peer, int slot)
    {
        try
        {
            // Real time on purpose: this protects against an unresponsive network, it is not a protocol deadline.
            using var timeout = new CancellationTokenSource(_options.ConnectTimeout);
            var connection = await ConnectionEstablisher.ConnectAsync(target, _local, Shared, timeout.Token).ConfigureAwait(false);
            lock (peer)
            {
                peer.Connections[slot] = connection;
                peer.Connecting[slot] = null;
                peer.LastError = null;
                peer.Delay = TimeSpan.Zero;
            }

            connection.OnClosed += closed =>
            {
                lock (peer)
                {
                    if (peer.Connections[slot] == closed)
                    {
                        peer.Connections[slot] = null;
                    }
                }
            };
            Track(connection);
            Log.Connected(_logger, target);
            return connection;
        }
        catch (Exception exception)
        {
            var error = exception switch
            {
                SiloUnavailableException unavailable => unavailable,
                OperationCanceledException => new SiloUnavailableException($"Connecting to {target} timed out after {_options.ConnectTimeout}."),
                _ => new SiloUnavailableException($"Could not connect to {target}: {exception.Message}", exception),
            };

            lock (peer)
            {
                peer.Connecting[slot] = null;
                peer.LastError = error;
                peer.Delay = peer.Delay == TimeSpan.Zero ? _options.ReconnectDelay : TimeSpan.FromTicks(Math.Min(peer.Delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
                peer.RetryAfter = _timeProvider.GetTimestamp() + (long)(peer.Delay.TotalSeconds * _timeProvider.TimestampFrequency);
            }

            Log.ConnectFailed(_logger, target, error.Message);
            throw error;
        }
    }

    private void Track(Connection connection)
    {
        _connections[connection] = 0;
        connection.OnClosed += closed => _connections.TryRemove(closed, out _);
        if (!connection.IsOpen)
        {
            _connections.TryRemove(connection, out _);
        }
    }

    private void ExpirePending()
    {
        var now = _timeProvider.GetTimestamp();
        foreach (var connection in _connections.Keys)
        {
            connection.ExpirePending(now);
        }
    }

    private sealed class Peer(int count)
    {
        public readonly Connection?[] Connections = new Connection?[count];
        public readonly Task<Connection>?[] Connecting = new Task<Connection>?[count];
        public SiloUnavailableException? LastError;
        public TimeSpan Delay;
        public long RetryAfter;
        private int _next;

        public int NextSlot() => Connections.Length == 1 ? 0 : (int)((uint)Interlocked.Increment(ref _next) % (uint)Connections.Length);
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Debug, "Connected to {Silo}")]
        public static partial void Connected(ILogger logger, SiloAddress silo);

        [LoggerMessage(11, LogLevel.Information, "Connecting to {Silo} failed: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, SiloAddress silo, string reason);
    }
}
