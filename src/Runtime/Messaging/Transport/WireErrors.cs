using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>
/// How failures cross the wire. The runtime's own exception types are recreated as themselves; any other exception
/// becomes a <see cref="RemoteGrainException"/> with the remote type name and message. Stack traces, inner exceptions
/// and exception data are never sent, and no type named by the peer is ever instantiated.
/// </summary>
internal static class WireErrors
{
    private const int MaxMessageLength = 2048;

    private enum Kind : byte
    {
        Remote = 0,
        Timeout = 1,
        Overloaded = 2,
        Unavailable = 3,
        InconsistentState = 4,
        Moved = 5,
        StorageUnavailable = 6,
    }

    /// <summary>The status for a call refused before it ran, or <see cref="ResponseStatus.Error"/>.</summary>
    public static ResponseStatus StatusOfRejection(Exception exception) => exception switch
    {
        GrainOverloadedException => ResponseStatus.Overloaded,
        SiloUnavailableException => ResponseStatus.Unavailable,
        GrainCallTimeoutException => ResponseStatus.Timeout,
        GrainMovedException => ResponseStatus.NotOwner,
        _ => ResponseStatus.Error,
    };

    public static void WriteError(WireWriter writer, Exception exception)
    {
        var kind = exception switch
        {
            GrainCallTimeoutException => Kind.Timeout,
            GrainOverloadedException => Kind.Overloaded,
            SiloUnavailableException => Kind.Unavailable,
            InconsistentStateException => Kind.InconsistentState,
            GrainMovedException => Kind.Moved,
            StorageUnavailableException => Kind.StorageUnavailable,
            _ => Kind.Remote,
        };

        writer.WriteByte((byte)kind);
        // A remote failure relayed by a forwarding silo keeps the type name of the silo that threw it.
        writer.WriteString(exception is RemoteGrainException { RemoteTypeName: { } remoteType } ? remoteType : exception.GetType().FullName ?? exception.GetType().Name);
        writer.WriteString(Bounded(exception.Message));
        if (exception is InconsistentStateException inconsistent)
        {
            writer.WriteInt64(inconsistent.ExpectedVersion);
            writer.WriteByte(inconsistent.StoredVersion.HasValue ? (byte)1 : (byte)0);
            writer.WriteInt64(inconsistent.StoredVersion ?? 0);
        }
    }

    public static Exception ReadError(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        var kind = (Kind)reader.ReadByte();
        var typeName = reader.ReadString();
        var message = reader.ReadString();
        Exception exception = kind switch
        {
            Kind.Timeout => new GrainCallTimeoutException(message),
            Kind.Overloaded => new GrainOverloadedException(message),
            Kind.Unavailable => new SiloUnavailableException(message),
            Kind.InconsistentState => ReadInconsistentState(ref reader, message),
            Kind.Moved => new GrainMovedException(message, owner: null),
            Kind.StorageUnavailable => new StorageUnavailableException(message),
            Kind.Remote => new RemoteGrainException(typeName, message),
            _ => throw new MalformedMessageException($"Unknown error kind {(byte)kind}."),
        };

        reader.EnsureEnd();
        return exception;
    }

    /// <summary>Body of a refusal (overloaded, unavailable, timed out): a message for the caller's exception.</summary>
    public static void WriteRejection(WireWriter writer, string message) => writer.WriteString(Bounded(message));

    /// <summary>The exception a caller sees for a response with a status other than Ok.</summary>
    public static Exception ToException(ResponseStatus status, ReadOnlySpan<byte> body)
    {
        if (status == ResponseStatus.Error)
        {
            return ReadError(body);
        }

        var reader = new WireReader(body);
        if (status == ResponseStatus.NotOwner)
        {
            SiloAddress? owner = reader.ReadByte() == 1 ? MessageHeader.ReadSiloAddress(ref reader) : null;
            var text = reader.ReadString();
            reader.EnsureEnd();
            return new GrainMovedException(text, owner);
        }

        var message = reader.ReadString();
        reader.EnsureEnd();
        return status switch
        {
            ResponseStatus.Overloaded => new GrainOverloadedException(message),
            ResponseStatus.Unavailable => new SiloUnavailableException(message),
            ResponseStatus.Timeout => new GrainCallTimeoutException(message),
            _ => throw new MalformedMessageException($"Status {status} carries no error."),
        };
    }

    public static void WriteNotOwner(WireWriter writer, SiloAddress? owner, string message)
    {
        if (owner is { } known)
        {
            writer.WriteByte(1);
            MessageHeader.WriteSiloAddress(writer, known);
        }
        else
        {
            writer.WriteByte(0);
        }

        writer.WriteString(Bounded(message));
    }

    private static InconsistentStateException ReadInconsistentState(ref WireReader reader, string message)
    {
        var expected = reader.ReadInt64();
        var hasStored = reader.ReadByte() == 1;
        var stored = reader.ReadInt64();
        return new InconsistentStateException(message, expected, hasStored ? stored : null);
    }

    private static string Bounded(string message) => message.Length <= MaxMessageLength ? message : message[..MaxMessageLength];
}
