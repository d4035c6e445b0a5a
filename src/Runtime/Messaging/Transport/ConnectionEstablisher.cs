using System.IO.Pipelines;
using System.Net.Sockets;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>Opens and accepts connections: TCP, then the handshake that proves both identities.</summary>
internal static class ConnectionEstablisher
{
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true);

    /// <summary>Connects to exactly <paramref name="target"/>; any other silo (or generation) answering is a failure.</summary>
    public static async Task<Connection> ConnectAsync(SiloAddress target, ILocalNode local, ConnectionShared shared, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target.Host, target.Port, cancellationToken).ConfigureAwait(false);
            var stream = new NetworkStream(socket, ownsSocket: false);
            var reader = PipeReader.Create(stream, ReaderOptions);
            using (var hello = new BatchBuffer(Handshake.MaxLength))
            {
                Handshake.WriteHello(hello, local.Identity, local.ClusterId, target);
                await stream.WriteAsync(hello.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }

            var reply = await Handshake.ReadReplyAsync(reader, cancellationToken).ConfigureAwait(false);
            if (reply.Result != Handshake.Result.Accepted)
            {
                throw new SiloUnavailableException($"{target} refused the connection ({reply.Result}): {reply.Message}");
            }

            if (reply.Silo != target)
            {
                throw new SiloUnavailableException($"Connected to {target.Host}:{target.Port} expecting {target}, but {reply.Silo} answered.");
            }

            return Connection.Start(socket, stream, reader, shared, new NodeIdentity(NodeRole.Silo, reply.Silo, reply.Name), isOutbound: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Runs the accepting side of the handshake; null when the peer was refused.</summary>
    public static async Task<Connection?> AcceptAsync(Socket socket, ILocalNode local, ConnectionShared shared, Func<bool> accepting, CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = PipeReader.Create(stream, ReaderOptions);
        var hello = await Handshake.ReadHelloAsync(reader, cancellationToken).ConfigureAwait(false);
        var self = local.Identity.Silo ?? throw new InvalidOperationException("Only a silo accepts connections.");
        var (result, message) = hello switch
        {
            _ when hello.ClusterId != local.ClusterId => (Handshake.Result.WrongCluster, $"This silo belongs to cluster '{local.ClusterId}', not '{hello.ClusterId}'."),
            _ when hello.Target != self => (Handshake.Result.WrongSilo, $"This is {self}, not {hello.Target} (a restarted silo has a new generation)."),
            _ when !accepting() => (Handshake.Result.NotAccepting, $"{self} is shutting down."),
            _ => (Handshake.Result.Accepted, string.Empty),
        };

        using (var reply = new BatchBuffer(Handshake.MaxLength))
        {
            Handshake.WriteReply(reply, result, self, local.Identity.Name, message);
            await stream.WriteAsync(reply.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }

        if (result != Handshake.Result.Accepted)
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Both);
            socket.Dispose();
            return null;
        }

        return Connection.Start(socket, stream, reader, shared, hello.Sender, isOutbound: false);
    }
}
