using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>An <see cref="IGrainCallInvoker"/> that sends every call to one given silo (until a routing layer picks owners).</summary>
internal sealed class SiloGrainCallInvoker(SiloAddress silo, IRemoteGrainInvoker invoker) : IGrainCallInvoker
{
    public Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request, CancellationToken cancellationToken)
        => invoker.InvokeAsync(silo, target, request, forwardCount: 0, cancellationToken);
}
