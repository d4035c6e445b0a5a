using System.Text.Json;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>A response decided without running anything: a refusal, an error, or an empty success (probes).</summary>
internal sealed class StatusResponse(ulong correlationId, ResponseStatus status, Exception? error = null, SiloAddress? owner = null) : IOutgoingMessage
{
    public void WriteHeader(WireWriter writer) => MessageHeader.WriteResponse(writer, correlationId, status);

    public void WriteBody(BatchBuffer buffer, Utf8JsonWriter json)
    {
        var writer = new WireWriter(buffer);
        switch (status)
        {
            case ResponseStatus.Ok:
                break;
            case ResponseStatus.Error:
                WireErrors.WriteError(writer, error!);
                break;
            case ResponseStatus.NotOwner:
                WireErrors.WriteNotOwner(writer, owner, error?.Message ?? "This silo does not own the grain.");
                break;
            default:
                WireErrors.WriteRejection(writer, error?.Message ?? status.ToString());
                break;
        }
    }

    public void OnSendFailed(Exception exception)
    {
        // Only fails when the connection closed, which already failed the caller's side.
    }
}
