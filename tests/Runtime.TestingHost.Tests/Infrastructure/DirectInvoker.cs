using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Messaging;

namespace OrleansAuth.Runtime.TestingHost.Tests.Infrastructure;

/// <summary>Sends every call to one given silo with a given forward count, bypassing routing, as a stale caller would.</summary>
internal sealed class DirectInvoker(IRemoteGrainInvoker remote, SiloAddress silo, int forwardCount) : IGrainCallInvoker
{
    public Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request, CancellationToken cancellationToken)
        => remote.InvokeAsync(silo, target, request, forwardCount, cancellationToken);
}
