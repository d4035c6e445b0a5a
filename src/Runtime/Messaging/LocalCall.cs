namespace OrleansAuth.Runtime.Messaging;

/// <summary>
/// An in-process call: the caller awaits <see cref="Response"/>. One timer-backed token source serves both as the
/// response timeout for the caller and as the cancellation handed to the grain method.
/// </summary>
internal sealed class LocalCall<TResult> : Message, IDisposable
{
    private readonly GrainRequest<TResult> _request;
    private readonly TaskCompletionSource<TResult> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _cancellation;
    private readonly CancellationToken _callToken;
    private readonly CancellationToken _callerToken;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly long _deadline;
    private readonly CancellationTokenRegistration _callerRegistration;
    private readonly CancellationTokenRegistration _timeoutRegistration;

    public LocalCall(GrainId target, GrainRequest<TResult> request, RequestContextData? requestContext, TimeSpan timeout, TimeProvider timeProvider, CancellationToken callerToken)
        : base(target, requestContext)
    {
        _request = request;
        _timeout = timeout;
        _timeProvider = timeProvider;
        _deadline = timeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * timeProvider.TimestampFrequency);
        _callerToken = callerToken;
        _cancellation = new CancellationTokenSource(timeout, timeProvider);

        // Kept apart from the source: the token stays readable after the call is disposed while a timed-out turn still runs.
        _callToken = _cancellation.Token;
        _timeoutRegistration = _cancellation.Token.UnsafeRegister(static state => ((LocalCall<TResult>)state!).OnCancelled(), this);
        if (callerToken.CanBeCanceled)
        {
            _callerRegistration = callerToken.UnsafeRegister(static state => ((LocalCall<TResult>)state!).CancelCall(), this);
        }
    }

    public override GrainRequest Request => _request;

    public override CancellationToken CallCancelled => _callToken;

    public override bool IsExpired => _callToken.IsCancellationRequested || _timeProvider.GetTimestamp() >= _deadline;

    public Task<TResult> Response => _response.Task;

    public override async Task<Exception?> ExecuteAsync(object grain)
    {
        try
        {
            var result = await _request.InvokeAsync(grain, _callToken).ConfigureAwait(false);
            _response.TrySetResult(result);
            return null;
        }
        catch (OperationCanceledException exception) when (_callToken.IsCancellationRequested)
        {
            // The grain gave up because the call timed out or the caller cancelled; report that, whichever
            // of the grain and the token callback gets here first.
            OnCancelled();
            return exception;
        }
        catch (Exception exception)
        {
            _response.TrySetException(exception);
            return exception;
        }
    }

    public override void Reject(Exception exception) => _response.TrySetException(exception);

    public void Dispose()
    {
        _timeoutRegistration.Dispose();
        _callerRegistration.Dispose();
        _cancellation.Dispose();
    }

    private void CancelCall()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call completed and was disposed while the caller's token fired; nothing left to cancel.
        }
    }

    private void OnCancelled()
    {
        if (_callerToken.IsCancellationRequested)
        {
            _response.TrySetCanceled(_callerToken);
        }
        else
        {
            var method = _request.Method;
            _response.TrySetException(new GrainCallTimeoutException(
                $"Call {method.InterfaceName}.{method.MethodName} to {Target} did not complete within {_timeout}."));
        }
    }
}
