using System.Text.Json;
using OrleansAuth.Runtime.Statistics;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>The answer to a <see cref="StatisticsCall"/>: the silo's report as JSON.</summary>
internal sealed class StatisticsResponse(ulong correlationId, SiloRuntimeReport report) : IOutgoingMessage
{
    public void WriteHeader(WireWriter writer) => MessageHeader.WriteResponse(writer, correlationId, ResponseStatus.Ok);

    public void WriteBody(BatchBuffer buffer, Utf8JsonWriter json) => JsonSerializer.Serialize(json, report, StatisticsJsonContext.Default.SiloRuntimeReport);

    public void OnSendFailed(Exception exception)
    {
        // Only fails when the connection closed (or the report outgrew Messaging:MaxMessageSize); the caller's wait
        // then ends with the connection or at its deadline.
    }
}
