using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OrleansAuth.Api.Tests.Infrastructure;

/// <summary>
/// A TCP forwarder on 127.0.0.1 in front of a real server, which a test can cut (every open connection closed, new
/// ones refused, as when the server goes away) and restore, like toxiproxy.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private readonly CancellationTokenSource _disposed = new();
    private TcpListener _listener;
    private Task _accepting;

    public TcpProxy(string host, int port)
    {
        _target = new IPEndPoint(IPAddress.Parse(host), port);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(_listener);
    }

    public int Port { get; }

    /// <summary>Closes every forwarded connection and stops listening: connects are refused until <see cref="Restore"/>.</summary>
    public async Task CutAsync()
    {
        _listener.Stop();
        await _accepting;
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }
    }

    public void Restore()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _accepting = AcceptAsync(_listener);
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        await CutAsync();
        _disposed.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(_disposed.Token);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = ForwardAsync(inbound);
        }
    }

    private async Task ForwardAsync(TcpClient inbound)
    {
        using var outbound = new TcpClient();
        _connections[inbound] = 0;
        _connections[outbound] = 0;
        try
        {
            await outbound.ConnectAsync(_target, _disposed.Token);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, _disposed.Token), b.CopyToAsync(a, _disposed.Token));
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Either side went away (or the proxy was cut): the other side is closed below.
        }
        finally
        {
            _connections.TryRemove(inbound, out _);
            _connections.TryRemove(outbound, out _);
            inbound.Dispose();
        }
    }
}
