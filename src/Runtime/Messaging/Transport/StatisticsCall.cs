using System.Buffers;
using System.Text.Json;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Statistics;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>"Send me your runtime figures": answered by the silo's transport with a <see cref="SiloRuntimeReport"/>.</summary>
internal sealed class StatisticsCall(SiloAddress target, TimeSpan timeout, TimeProvider timeProvider) : PendingCall
{
    private readonly TaskCompletionSource<SiloRuntimeReport> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _deadline = timeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * timeProvider.TimestampFrequency);

    public Task<SiloRuntimeReport> Task => _completion.Task;

    public override long Deadline => _deadline;

    public override void WriteHeader(WireWriter writer) => MessageHeader.WriteControl(writer, MessageDirection.Request, CorrelationId, ControlOperation.Statistics);

    public override void WriteBody(BatchBuffer buffer, Utf8JsonWriter json)
    {
    }

    public override void OnResponse(ResponseStatus status, ReadOnlySequence<byte> body)
    {
        try
        {
            if (status != ResponseStatus.Ok)
            {
                Fail(WireErrors.ToException(status, body.ToArray()));
                return;
            }

            var reader = new Utf8JsonReader(body);
            var report = JsonSerializer.Deserialize(ref reader, StatisticsJsonContext.Default.SiloRuntimeReport);
            if (report is null)
            {
                Fail(new SiloUnavailableException($"Silo {target} answered the statistics request with null."));
                return;
            }

            _completion.TrySetResult(report);
        }
        catch (Exception exception) when (exception is JsonException or MalformedMessageException)
        {
            Fail(new SiloUnavailableException($"The statistics of {target} could not be read: {exception.Message}", exception));
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public override void OnTimeout() => Fail(new GrainCallTimeoutException($"Silo {target} sent no statistics within {timeout}."));
}
