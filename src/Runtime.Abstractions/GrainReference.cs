namespace OrleansAuth.Runtime;

/// <summary>Base of the generated typed references: each interface method builds a <see cref="GrainRequest{TResult}"/>.</summary>
public abstract class GrainReference
{
    private readonly IGrainCallInvoker _invoker;

    protected GrainReference(IGrainCallInvoker invoker, GrainId grainId)
    {
        _invoker = invoker;
        GrainId = grainId;
    }

    public GrainId GrainId { get; }

    protected Task<TResult> InvokeAsync<TResult>(GrainRequest<TResult> request, CancellationToken cancellationToken)
        => _invoker.InvokeAsync(GrainId, request, cancellationToken);

    public override string ToString() => GrainId.ToString();
}
