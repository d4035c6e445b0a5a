using System.Text.Json;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>
/// A grain request that arrived over the network, queued in the catalog like a local call, and its response. The time
/// to live from the header becomes the turn's cancellation on this silo's clock; when it runs out, the caller is told
/// at once (status Timeout), whether or not the request had started.
/// </summary>
internal abstract class InboundGrainCall : Message, IOutgoingMessage
{
    private readonly Connection _connection;
    private readonly ulong _correlationId;
    private readonly InboundCallContext _context;
    private readonly CancellationTokenSource _timeToLive;
    private readonly CancellationToken _token;
    private readonly long _deadline;
    private readonly CancellationTokenRegistration _expiry;
    private ResponseStatus _status;
    private Exception? _error;
    private int _answered;
    private bool _retried;

    protected InboundGrainCall(Connection connection, in MessageHeader header, InboundCallContext context)
        : base(header.Target, header.RequestContext)
    {
        _connection = connection;
        _correlationId = header.CorrelationId;
        ForwardCount = header.ForwardCount;
        _context = context;
        var timeToLive = TimeSpan.FromMilliseconds(header.TimeToLiveMs);
        var time = context.TimeProvider;
        _deadline = time.GetTimestamp() + (long)(timeToLive.TotalSeconds * time.TimestampFrequency);
        _timeToLive = new CancellationTokenSource(timeToLive, time);
        _token = _timeToLive.Token;
        context.OnReceived();
        connection.TrackReceived(_correlationId, this);
        _expiry = _token.UnsafeRegister(static s => ((InboundGrainCall)s!).OnExpired(), this);
    }

    /// <summary>How many times the request was forwarded before it arrived here.</summary>
    public int ForwardCount { get; }

    public override CancellationToken CallCancelled => _token;

    public override bool IsExpired => _token.IsCancellationRequested || _context.TimeProvider.GetTimestamp() >= _deadline;

    public override void Reject(Exception exception) => Answer(WireErrors.StatusOfRejection(exception), exception);

    public void WriteHeader(WireWriter writer) => MessageHeader.WriteResponse(writer, _correlationId, _status);

    public void WriteBody(BatchBuffer buffer, Utf8JsonWriter json)
    {
        switch (_status)
        {
            case ResponseStatus.Ok:
                WriteResult(json);
                break;
            case ResponseStatus.Error:
                WireErrors.WriteError(new WireWriter(buffer), _error!);
                break;
            case ResponseStatus.NotOwner:
                WireErrors.WriteNotOwner(new WireWriter(buffer), (_error as GrainMovedException)?.Owner, _error!.Message);
                break;
            default:
                WireErrors.WriteRejection(new WireWriter(buffer), _error?.Message ?? $"{Request.Method} to {Target} was not completed ({_status}).");
                break;
        }
    }

    public void OnSendFailed(Exception exception)
    {
        // A closed connection already failed the caller's side. Anything else means this response could not be
        // written (typically a result without JSON metadata): tell the caller what went wrong instead.
        if (_connection.IsOpen && !_retried)
        {
            _retried = true;
            _status = ResponseStatus.Error;
            _error = exception;
            _connection.Send(this);
        }
    }

    /// <summary>Sends the response, once; later outcomes (a turn finishing after its timeout) are dropped.</summary>
    protected void Answer(ResponseStatus status, Exception? error)
    {
        if (Interlocked.Exchange(ref _answered, 1) != 0)
        {
            return;
        }

        _status = status;
        _error = error;
        _context.OnAnswered();
        _connection.ForgetReceived(_correlationId);
        if (status != ResponseStatus.Timeout)
        {
            // Stops the time-to-live timer; not done on expiry, which runs inside the timer's own callback.
            _expiry.Dispose();
            _timeToLive.Dispose();
        }

        _connection.Send(this);
    }

    /// <summary>The caller stopped waiting: cancel the turn now rather than at the end of the time to live.</summary>
    public void CancelByCaller()
    {
        try
        {
            _timeToLive.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Answered in the meantime; nothing left to cancel.
        }
    }

    protected abstract void WriteResult(Utf8JsonWriter json);

    /// <summary>
    /// Sends the request on to <paramref name="owner"/> (one more hop) instead of running it here, and answers the
    /// caller with the owner's outcome. Refusals stay refusals (moved, overloaded), so the caller still knows the call
    /// did not run.
    /// </summary>
    public abstract void Forward(IRemoteGrainInvoker invoker, SiloAddress owner);

    /// <summary>The status a forwarded call's failure is answered with.</summary>
    protected static ResponseStatus StatusOfForwardFailure(Exception exception) => exception switch
    {
        GrainMovedException => ResponseStatus.NotOwner,
        GrainOverloadedException => ResponseStatus.Overloaded,
        GrainCallTimeoutException => ResponseStatus.Timeout,

        // A lost connection to the owner does not prove the call did not run there: not "unavailable", an error.
        _ => ResponseStatus.Error,
    };

    private void OnExpired()
        => Answer(ResponseStatus.Timeout, new GrainCallTimeoutException($"{Request.Method} to {Target} did not complete within its time to live on this silo."));
}

/// <summary>An <see cref="InboundGrainCall"/> with its result type.</summary>
internal sealed class InboundGrainCall<TResult>(Connection connection, in MessageHeader header, GrainRequest<TResult> request, GrainRequestCodec<TResult> codec, InboundCallContext context)
    : InboundGrainCall(connection, header, context)
{
    private TResult? _result;

    public override GrainRequest Request => request;

    public override async Task<Exception?> ExecuteAsync(object grain)
    {
        try
        {
            _result = await request.InvokeAsync(grain, CallCancelled).ConfigureAwait(false);
            Answer(ResponseStatus.Ok, null);
            return null;
        }
        catch (OperationCanceledException exception) when (CallCancelled.IsCancellationRequested)
        {
            Answer(ResponseStatus.Timeout, new GrainCallTimeoutException($"{request.Method} to {Target} was cancelled when its time to live ran out."));
            return exception;
        }
        catch (Exception exception)
        {
            Answer(ResponseStatus.Error, exception);
            return exception;
        }
    }

    public override void Forward(IRemoteGrainInvoker invoker, SiloAddress owner) => _ = ForwardAsync(invoker, owner);

    protected override void WriteResult(Utf8JsonWriter json) => codec.WriteResult(_result!, json);

    private async Task ForwardAsync(IRemoteGrainInvoker invoker, SiloAddress owner)
    {
        try
        {
            _result = await invoker.InvokeAsync(owner, Target, request, ForwardCount + 1, CallCancelled).ConfigureAwait(false);
            Answer(ResponseStatus.Ok, null);
        }
        catch (OperationCanceledException) when (CallCancelled.IsCancellationRequested)
        {
            // The time to live ran out: the caller was already answered with a timeout.
        }
        catch (Exception exception)
        {
            Answer(StatusOfForwardFailure(exception), exception);
        }
    }
}
