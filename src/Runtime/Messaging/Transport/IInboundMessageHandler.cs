using System.Buffers;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>Receives the requests and one-way messages arriving on a connection, on that connection's read loop.</summary>
internal interface IInboundMessageHandler
{
    /// <summary>
    /// Handles one message. Must not block; <paramref name="body"/> is only valid during the call. Throwing
    /// <see cref="MalformedMessageException"/> closes the connection.
    /// </summary>
    void OnMessage(Connection connection, in MessageHeader header, ReadOnlySequence<byte> body);
}
