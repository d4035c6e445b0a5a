using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>
/// The header of one frame, like Orleans' message headers. Grain requests carry the target grain, the method's wire
/// id, the request context, a time to live relative to sending (clocks of different machines differ) and the number
/// of times the request was forwarded. The sender is not repeated per message: it is the identity the connection
/// proved in its handshake.
/// </summary>
internal struct MessageHeader
{
    public const int MaxRequestContextEntries = 64;

    public MessageDirection Direction;
    public ulong CorrelationId;
    public ControlOperation Control;

    // Grain requests.
    public GrainId Target;
    public ulong MethodId;
    public uint TimeToLiveMs;
    public byte ForwardCount;
    public RequestContextData? RequestContext;

    // Responses.
    public ResponseStatus Status;

    [Flags]
    private enum Flags : byte
    {
        None = 0,
        Control = 1,
        RequestContext = 2,
    }

    public static void WriteGrainRequest(WireWriter writer, MessageDirection direction, ulong correlationId, GrainId target, ulong methodId, uint timeToLiveMs, byte forwardCount, RequestContextData? context)
    {
        var hasContext = context is { Count: > 0 };
        writer.WriteByte((byte)direction);
        writer.WriteByte((byte)(hasContext ? Flags.RequestContext : Flags.None));
        writer.WriteVarUInt64(correlationId);
        writer.WriteString(target.Type);
        writer.WriteString(target.Key);
        writer.WriteUInt64(methodId);
        writer.WriteVarUInt64(timeToLiveMs);
        writer.WriteByte(forwardCount);
        if (hasContext)
        {
            var items = context!.Items;
            writer.WriteVarUInt64((ulong)items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                writer.WriteString(items[i].Key);
                writer.WriteString(items[i].Value);
            }
        }
    }

    public static void WriteControl(WireWriter writer, MessageDirection direction, ulong correlationId, ControlOperation operation)
    {
        writer.WriteByte((byte)direction);
        writer.WriteByte((byte)Flags.Control);
        writer.WriteVarUInt64(correlationId);
        writer.WriteByte((byte)operation);
    }

    public static void WriteResponse(WireWriter writer, ulong correlationId, ResponseStatus status)
    {
        writer.WriteByte((byte)MessageDirection.Response);
        writer.WriteByte((byte)Flags.None);
        writer.WriteVarUInt64(correlationId);
        writer.WriteByte((byte)status);
    }

    public static MessageHeader Read(ReadOnlySpan<byte> data)
    {
        var reader = new WireReader(data);
        var header = new MessageHeader { Direction = (MessageDirection)reader.ReadByte() };
        var flags = (Flags)reader.ReadByte();
        if (header.Direction is not (MessageDirection.Request or MessageDirection.Response or MessageDirection.OneWay)
            || (flags & ~(Flags.Control | Flags.RequestContext)) != 0)
        {
            throw new MalformedMessageException($"Unknown message direction {(byte)header.Direction} or flags {(byte)flags}.");
        }

        header.CorrelationId = reader.ReadVarUInt64();
        if (header.Direction == MessageDirection.Response)
        {
            header.Status = (ResponseStatus)reader.ReadByte();
            if (header.Status > ResponseStatus.Timeout)
            {
                throw new MalformedMessageException($"Unknown response status {(byte)header.Status}.");
            }
        }
        else if ((flags & Flags.Control) != 0)
        {
            header.Control = (ControlOperation)reader.ReadByte();
            if (header.Control is not (ControlOperation.Probe or ControlOperation.MembershipChanged or ControlOperation.Cancel or ControlOperation.Statistics))
            {
                throw new MalformedMessageException($"Unknown control operation {(byte)header.Control}.");
            }
        }
        else
        {
            var type = reader.ReadString();
            var key = reader.ReadString();
            header.Target = new GrainId(type, key);
            header.MethodId = reader.ReadUInt64();
            header.TimeToLiveMs = (uint)reader.ReadVarInt32(int.MaxValue);
            header.ForwardCount = reader.ReadByte();
            if ((flags & Flags.RequestContext) != 0)
            {
                var count = reader.ReadVarInt32(MaxRequestContextEntries);
                var items = new KeyValuePair<string, string>[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = new(reader.ReadString(), reader.ReadString());
                }

                header.RequestContext = new RequestContextData(items);
            }
        }

        reader.EnsureEnd();
        return header;
    }

    public static void WriteSiloAddress(WireWriter writer, SiloAddress address)
    {
        writer.WriteString(address.Host);
        writer.WriteVarUInt64((ulong)address.Port);
        writer.WriteInt64(address.Generation);
    }

    public static SiloAddress ReadSiloAddress(ref WireReader reader)
    {
        var host = reader.ReadString();
        var port = reader.ReadVarInt32(65535);
        var generation = reader.ReadInt64();
        return new SiloAddress(host, port, generation);
    }
}
