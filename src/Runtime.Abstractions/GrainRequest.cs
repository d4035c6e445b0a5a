namespace OrleansAuth.Runtime;

/// <summary>
/// One call to one grain method with its arguments, generated per interface method (Orleans' IInvokable).
/// The runtime schedules it on the target activation and invokes it against the grain instance.
/// </summary>
public abstract class GrainRequest
{
    public abstract GrainMethodDescriptor Method { get; }
}

/// <summary>A <see cref="GrainRequest"/> producing <typeparamref name="TResult"/>.</summary>
public abstract class GrainRequest<TResult> : GrainRequest
{
    /// <summary>Invokes the method on <paramref name="grain"/>; the token is cancelled when the call times out.</summary>
    public abstract Task<TResult> InvokeAsync(object grain, CancellationToken cancellationToken);
}
