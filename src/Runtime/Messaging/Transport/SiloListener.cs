using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>Accepts connections on the silo's socket and runs their handshake; refused or broken peers are just closed.</summary>
internal sealed partial class SiloListener(LocalSilo local, ConnectionManager connections, IOptions<MessagingOptions> options, ILogger<SiloListener> logger) : IAsyncDisposable, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _acceptLoop;
    private volatile bool _accepting = true;

    public void Start()
    {
        local.Socket.Listen(512);
        using (ExecutionContext.SuppressFlow())
        {
            _acceptLoop = Task.Run(AcceptLoopAsync);
        }

        Log.Listening(logger, local.SiloAddress);
    }

    /// <summary>New connections are refused from now on; established ones keep working.</summary>
    public void StopAccepting() => _accepting = false;

    public async ValueTask DisposeAsync()
    {
        Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _accepting = false;
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }

        local.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await local.Socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException || _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                Log.AcceptFailed(logger, exception);
                continue;
            }

            _ = AcceptAsync(socket);
        }
    }

    private async Task AcceptAsync(Socket socket)
    {
        var endpoint = socket.RemoteEndPoint?.ToString();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(options.Value.ConnectTimeout);
            var connection = await ConnectionEstablisher.AcceptAsync(socket, local, connections.Shared, () => _accepting, timeout.Token).ConfigureAwait(false);
            if (connection is not null)
            {
                connections.AddInbound(connection);
                Log.Accepted(logger, connection.Remote);
            }
        }
        catch (Exception exception)
        {
            // Garbage, a port scanner, a peer that hung up or a refused identity: close it, keep listening.
            Log.HandshakeFailed(logger, exception, endpoint);
            socket.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Information, "Silo transport listening as {Silo}")]
        public static partial void Listening(ILogger logger, Cluster.SiloAddress silo);

        [LoggerMessage(21, LogLevel.Debug, "Accepted connection from {Remote}")]
        public static partial void Accepted(ILogger logger, NodeIdentity remote);

        [LoggerMessage(22, LogLevel.Information, "Handshake with {Endpoint} failed; connection closed")]
        public static partial void HandshakeFailed(ILogger logger, Exception exception, string? endpoint);

        [LoggerMessage(23, LogLevel.Warning, "Accepting a connection failed")]
        public static partial void AcceptFailed(ILogger logger, Exception exception);
    }
}
