using System.Buffers;
using System.Text.Json;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>A grain call sent to another silo, waiting for its response.</summary>
internal sealed class OutboundGrainCall<TResult> : PendingCall
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly GrainId _target;
    private readonly GrainRequest<TResult> _request;
    private readonly GrainRequestCodec<TResult> _codec;
    private readonly RequestContextData? _requestContext;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly long _deadline;
    private readonly byte _forwardCount;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenRegistration _cancellation;

    public OutboundGrainCall(GrainId target, GrainRequest<TResult> request, GrainRequestCodec<TResult> codec, RequestContextData? requestContext, TimeSpan timeout, TimeProvider timeProvider, byte forwardCount, CancellationToken callerToken)
    {
        _target = target;
        _request = request;
        _codec = codec;
        _requestContext = requestContext;
        _timeout = timeout;
        _timeProvider = timeProvider;
        _deadline = timeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * timeProvider.TimestampFrequency);
        _forwardCount = forwardCount;
        _callerToken = callerToken;
        if (callerToken.CanBeCanceled)
        {
            _cancellation = callerToken.UnsafeRegister(static s => ((OutboundGrainCall<TResult>)s!).OnCallerCancelled(), this);
        }
    }

    public Task<TResult> Task => _completion.Task;

    public override long Deadline => _deadline;

    public override void WriteHeader(WireWriter writer)
    {
        // Relative: the receiver's clock is not ours. At least 1 ms, so an almost-expired call still reaches it as live.
        var remaining = (_deadline - _timeProvider.GetTimestamp()) * 1000 / _timeProvider.TimestampFrequency;
        var timeToLive = (uint)Math.Clamp(remaining, 1, int.MaxValue);
        MessageHeader.WriteGrainRequest(writer, MessageDirection.Request, CorrelationId, _target, _request.Method.WireId, timeToLive, _forwardCount, _requestContext);
    }

    public override void WriteBody(BatchBuffer buffer, Utf8JsonWriter json) => _codec.WriteArguments(_request, json);

    public override void OnResponse(ResponseStatus status, ReadOnlySequence<byte> body)
    {
        try
        {
            if (status == ResponseStatus.Ok)
            {
                var reader = new Utf8JsonReader(body);
                Complete(_codec.ReadResult(ref reader));
            }
            else
            {
                Fail(WireErrors.ToException(status, body.IsSingleSegment ? body.FirstSpan : body.ToArray()));
            }
        }
        catch (Exception exception) when (exception is JsonException or MalformedMessageException or NotSupportedException)
        {
            Fail(new RemoteGrainException($"The response of {_request.Method} from {_target} could not be read: {exception.Message}", exception));
        }
    }

    public override void Fail(Exception exception)
    {
        _cancellation.Unregister();
        _completion.TrySetException(exception);
    }

    public override void OnTimeout()
        => Fail(new GrainCallTimeoutException($"Call {_request.Method} to {_target} did not complete within {_timeout}."));

    private void Complete(TResult result)
    {
        _cancellation.Unregister();
        _completion.TrySetResult(result);
    }

    private void OnCallerCancelled()
    {
        Abandon();
        _completion.TrySetCanceled(_callerToken);
    }
}
