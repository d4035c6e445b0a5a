using System.Buffers;
using System.Text.Json;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>A liveness probe: answered Ok only by the exact silo it names (endpoint and generation).</summary>
internal sealed class ProbeCall(SiloAddress target, TimeSpan timeout, TimeProvider timeProvider) : PendingCall
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _deadline = timeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * timeProvider.TimestampFrequency);

    public Task Task => _completion.Task;

    public override long Deadline => _deadline;

    public override void WriteHeader(WireWriter writer) => MessageHeader.WriteControl(writer, MessageDirection.Request, CorrelationId, ControlOperation.Probe);

    public override void WriteBody(BatchBuffer buffer, Utf8JsonWriter json) => MessageHeader.WriteSiloAddress(new WireWriter(buffer), target);

    public override void OnResponse(ResponseStatus status, ReadOnlySequence<byte> body)
    {
        if (status == ResponseStatus.Ok)
        {
            _completion.TrySetResult();
            return;
        }

        try
        {
            Fail(WireErrors.ToException(status, body.ToArray()));
        }
        catch (MalformedMessageException exception)
        {
            Fail(new SiloUnavailableException($"Probe of {target} got an unreadable answer.", exception));
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public override void OnTimeout() => Fail(new GrainCallTimeoutException($"Probe of {target} got no answer within {timeout}."));
}
