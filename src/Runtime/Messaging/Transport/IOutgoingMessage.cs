using System.Text.Json;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>A message queued on a connection; written into the connection's batch by its send loop.</summary>
internal interface IOutgoingMessage
{
    /// <summary>Writes the binary header.</summary>
    void WriteHeader(WireWriter writer);

    /// <summary>Writes the body (JSON through <paramref name="json"/>, or binary through <paramref name="buffer"/>).</summary>
    void WriteBody(BatchBuffer buffer, Utf8JsonWriter json);

    /// <summary>The message could not be written (it could not be serialized, was too large, or the connection closed).</summary>
    void OnSendFailed(Exception exception);
}
