namespace OrleansAuth.Runtime;

/// <summary>Sends a request to a grain and returns its response. Implemented by the runtime (silo or cluster client).</summary>
public interface IGrainCallInvoker
{
    Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request, CancellationToken cancellationToken);
}
