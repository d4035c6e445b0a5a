using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Messaging.Transport;

namespace OrleansAuth.Runtime.Tests.Infrastructure;

/// <summary>A hand-driven TCP peer for feeding a silo bytes that no well-behaved node would send.</summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawPeer(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    /// <summary>Connects without any handshake.</summary>
    public static async Task<RawPeer> ConnectAsync(SiloAddress silo)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(silo.Host, silo.Port);
        return new RawPeer(socket);
    }

    /// <summary>Connects and completes the handshake as a client; returns the silo's answer.</summary>
    public static async Task<(RawPeer Peer, Handshake.Reply Reply)> ConnectAsClientAsync(SiloAddress silo, string clusterId = "dev")
    {
        var peer = await ConnectAsync(silo);
        using (var hello = new BatchBuffer())
        {
            Handshake.WriteHello(hello, new NodeIdentity(NodeRole.Client, null, "raw-test-client"), clusterId, silo);
            await peer.SendAsync(hello.WrittenMemory.ToArray());
        }

        var reader = PipeReader.Create(peer._stream, new StreamPipeReaderOptions(leaveOpen: true));
        var reply = await Handshake.ReadReplyAsync(reader, CancellationToken.None);
        return (peer, reply);
    }

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>A frame: 8-byte prefix (header and body lengths) followed by the given header and body.</summary>
    public static byte[] Frame(byte[] header, byte[] body)
    {
        var frame = new byte[8 + header.Length + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, header.Length);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), body.Length);
        header.CopyTo(frame, 8);
        body.CopyTo(frame, 8 + header.Length);
        return frame;
    }

    /// <summary>Reads one whole frame; null when the silo closed the connection first.</summary>
    public async Task<(MessageHeader Header, byte[] Body)?> ReadFrameAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var prefix = new byte[8];
        if (!await ReadExactlyAsync(prefix, cts.Token))
        {
            return null;
        }

        var header = new byte[BinaryPrimitives.ReadInt32LittleEndian(prefix)];
        var body = new byte[BinaryPrimitives.ReadInt32LittleEndian(prefix.AsSpan(4))];
        if (!await ReadExactlyAsync(header, cts.Token) || !await ReadExactlyAsync(body, cts.Token))
        {
            return null;
        }

        return (MessageHeader.Read(header), body);
    }

    /// <summary>True once the silo has closed the connection (end of stream or reset) within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var scratch = new byte[4096];
        try
        {
            while (true)
            {
                if (await _stream.ReadAsync(scratch, cts.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }
}
