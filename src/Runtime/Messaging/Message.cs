namespace OrleansAuth.Runtime.Messaging;

/// <summary>
/// A request on its way to an activation: target, request, the caller's request context and the call's
/// cancellation (fired by the response timeout or by the caller).
/// </summary>
internal abstract class Message
{
    protected Message(GrainId target, RequestContextData? requestContext)
    {
        Target = target;
        RequestContext = requestContext;
    }

    public GrainId Target { get; }

    public RequestContextData? RequestContext { get; }

    public abstract GrainRequest Request { get; }

    /// <summary>Cancelled when the caller stopped waiting (timeout or caller cancellation).</summary>
    public abstract CancellationToken CallCancelled { get; }

    /// <summary>
    /// True once the caller stopped waiting or the deadline has passed — even if the timeout callback has not run
    /// yet. A message that has not started by then is dropped, never executed.
    /// </summary>
    public abstract bool IsExpired { get; }

    /// <summary>Runs the request against the grain and reports the outcome to the caller; returns the failure, if any.</summary>
    public abstract Task<Exception?> ExecuteAsync(object grain);

    /// <summary>Completes the call with an error without running it.</summary>
    public abstract void Reject(Exception exception);
}
