using System.Text.Json;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>One-way "I stopped waiting for request N": lets the receiver cancel that turn instead of running it out.</summary>
internal sealed class CancelNotice(ulong correlationId) : IOutgoingMessage
{
    public void WriteHeader(WireWriter writer) => MessageHeader.WriteControl(writer, MessageDirection.OneWay, correlationId, ControlOperation.Cancel);

    public void WriteBody(BatchBuffer buffer, Utf8JsonWriter json)
    {
    }

    public void OnSendFailed(Exception exception)
    {
        // Best effort: the turn still ends at its time to live.
    }
}
