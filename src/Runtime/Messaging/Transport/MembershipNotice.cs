using System.Text.Json;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>One-way "the membership table is now at version N".</summary>
internal sealed class MembershipNotice(long tableVersion) : IOutgoingMessage
{
    public void WriteHeader(WireWriter writer) => MessageHeader.WriteControl(writer, MessageDirection.OneWay, 0, ControlOperation.MembershipChanged);

    public void WriteBody(BatchBuffer buffer, Utf8JsonWriter json) => new WireWriter(buffer).WriteInt64(tableVersion);

    public void OnSendFailed(Exception exception)
    {
        // Best effort by contract: the periodic table refresh catches up.
    }
}
