using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Messaging.Transport;

namespace OrleansAuth.Runtime.Tests.Infrastructure;

/// <summary>
/// A real socket server that completes the silo handshake as a made-up silo and then never answers anything (what
/// a hung peer looks like from the outside), or answers the first request with given bytes (a broken peer).
/// </summary>
internal sealed class SilentSilo : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _accepted = [];
    private readonly Task _loop;
    private readonly TaskCompletionSource _handshakeDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly byte[]? _respondWith;

    private SilentSilo(TcpListener listener, byte[]? respondWith)
    {
        _listener = listener;
        _respondWith = respondWith;
        Address = new SiloAddress("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, 1);
        _loop = AcceptLoopAsync();
    }

    public SiloAddress Address { get; }

    /// <summary>Completes once a peer has connected and been accepted.</summary>
    public Task HandshakeDone => _handshakeDone.Task;

    /// <param name="respondWith">When set, these bytes are sent back as soon as the first request arrives.</param>
    public static SilentSilo Start(byte[]? respondWith = null)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new SilentSilo(listener, respondWith);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_accepted)
        {
            foreach (var socket in _accepted)
            {
                socket.Dispose();
            }
        }

        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            lock (_accepted)
            {
                _accepted.Add(socket);
            }

            var stream = new NetworkStream(socket, ownsSocket: false);
            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
            await Handshake.ReadHelloAsync(reader, _stop.Token);
            using var reply = new BatchBuffer();
            Handshake.WriteReply(reply, Handshake.Result.Accepted, Address, "silent", string.Empty);
            await stream.WriteAsync(reply.WrittenMemory, _stop.Token);
            _handshakeDone.TrySetResult();
            if (_respondWith is not null)
            {
                var request = await reader.ReadAsync(_stop.Token);
                reader.AdvanceTo(request.Buffer.End);
                await stream.WriteAsync(_respondWith, _stop.Token);
            }
        }
    }
}
