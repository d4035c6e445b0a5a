using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>
/// The first frame each way on a new connection. The connecting side names itself (silo identity or client name),
/// its cluster, and the exact silo (endpoint and generation) it means to reach; the accepting side answers with its own
/// identity and whether it accepts. A restarted silo has a new generation, so a connection meant for its previous
/// incarnation is refused by the acceptor and, should an acceptor not check, by the connector.
/// </summary>
internal static class Handshake
{
    public const int MaxLength = 1024;
    private const uint Magic = 0x5054414F; // "OATP" little-endian
    private const byte Version = 1;

    public enum Result : byte
    {
        Accepted = 0,
        WrongCluster = 1,
        WrongSilo = 2,
        UnsupportedVersion = 3,
        NotAccepting = 4,
    }

    public readonly record struct Hello(NodeIdentity Sender, string ClusterId, SiloAddress Target);

    public readonly record struct Reply(Result Result, SiloAddress Silo, string Name, string Message);

    public static void WriteHello(BatchBuffer buffer, NodeIdentity sender, string clusterId, SiloAddress target)
        => WriteFrame(buffer, writer =>
        {
            writer.WriteByte((byte)sender.Role);
            writer.WriteString(clusterId);
            writer.WriteString(sender.Name);
            if (sender.Silo is { } silo)
            {
                MessageHeader.WriteSiloAddress(writer, silo);
            }

            MessageHeader.WriteSiloAddress(writer, target);
        });

    public static void WriteReply(BatchBuffer buffer, Result result, SiloAddress silo, string name, string message)
        => WriteFrame(buffer, writer =>
        {
            writer.WriteByte((byte)result);
            MessageHeader.WriteSiloAddress(writer, silo);
            writer.WriteString(name);
            writer.WriteString(message);
        });

    public static async ValueTask<Hello> ReadHelloAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        var payload = await ReadFrameAsync(reader, cancellationToken).ConfigureAwait(false);
        var wire = new WireReader(payload);
        var role = (NodeRole)wire.ReadByte();
        if (role is not (NodeRole.Silo or NodeRole.Client))
        {
            throw new MalformedMessageException($"Unknown node role {(byte)role}.");
        }

        var clusterId = wire.ReadString();
        var name = wire.ReadString();
        SiloAddress? silo = role == NodeRole.Silo ? MessageHeader.ReadSiloAddress(ref wire) : null;
        var target = MessageHeader.ReadSiloAddress(ref wire);
        wire.EnsureEnd();
        return new Hello(new NodeIdentity(role, silo, name), clusterId, target);
    }

    public static async ValueTask<Reply> ReadReplyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        var payload = await ReadFrameAsync(reader, cancellationToken).ConfigureAwait(false);
        var wire = new WireReader(payload);
        var result = (Result)wire.ReadByte();
        var silo = MessageHeader.ReadSiloAddress(ref wire);
        var name = wire.ReadString();
        var message = wire.ReadString();
        wire.EnsureEnd();
        return new Reply(result, silo, name, message);
    }

    private static void WriteFrame(BatchBuffer buffer, Action<WireWriter> write)
    {
        var start = buffer.Reserve(4 + 4 + 1);
        write(new WireWriter(buffer));
        var length = buffer.Length - start - 4;
        if (length > MaxLength)
        {
            throw new InvalidOperationException($"The handshake is {length} bytes; at most {MaxLength} are allowed (shorten Silo:Name or the cluster id).");
        }

        var prefix = buffer.Slice(start, 9);
        BinaryPrimitives.WriteInt32LittleEndian(prefix, length);
        BinaryPrimitives.WriteUInt32LittleEndian(prefix[4..], Magic);
        prefix[8] = Version;
    }

    // Returns the payload after magic and version; anything else at the start of a connection is not our protocol.
    private static async ValueTask<byte[]> ReadFrameAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= 4)
            {
                var prefix = buffer.Slice(0, 4);
                var length = BinaryPrimitives.ReadInt32LittleEndian(prefix.IsSingleSegment ? prefix.FirstSpan : prefix.ToArray());
                if (length is < 5 or > MaxLength)
                {
                    throw new MalformedMessageException($"Handshake length {length} is out of range.");
                }

                if (buffer.Length >= 4 + length)
                {
                    var frame = buffer.Slice(4, length).ToArray();
                    reader.AdvanceTo(buffer.GetPosition(4 + length));
                    if (BinaryPrimitives.ReadUInt32LittleEndian(frame) != Magic)
                    {
                        throw new MalformedMessageException("The peer does not speak the silo protocol.");
                    }

                    if (frame[4] != Version)
                    {
                        throw new MalformedMessageException($"Unsupported protocol version {frame[4]}.");
                    }

                    return frame[5..];
                }
            }

            if (result.IsCompleted)
            {
                throw new EndOfStreamException("The connection closed during the handshake.");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
