using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging;

/// <summary>
/// Sends one grain call to one given silo over the transport (the routing layer picks the silo). Failures: the
/// runtime's exceptions (<see cref="SiloUnavailableException"/> when the silo cannot be reached or the connection
/// dies, <see cref="GrainCallTimeoutException"/>, <see cref="GrainOverloadedException"/>,
/// <see cref="GrainMovedException"/> when that silo does not own the grain) or <see cref="RemoteGrainException"/>.
/// </summary>
internal interface IRemoteGrainInvoker
{
    /// <param name="silo">The silo that should run the call.</param>
    /// <param name="target">The grain.</param>
    /// <param name="request">The call.</param>
    /// <param name="forwardCount">How often the call was already forwarded (0 for a caller's own call).</param>
    /// <param name="cancellationToken">Stops waiting; the remote turn still ends by its time to live.</param>
    Task<TResult> InvokeAsync<TResult>(SiloAddress silo, GrainId target, GrainRequest<TResult> request, int forwardCount, CancellationToken cancellationToken);
}
