using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Activation;
using OrleansAuth.Runtime.Hosting;

namespace OrleansAuth.Runtime.Messaging;

/// <summary>Calls grains of this silo: captures the request context, applies the response timeout, queues the call.</summary>
internal sealed class LocalGrainCallInvoker(Catalog catalog, IOptions<GrainRuntimeOptions> options, TimeProvider timeProvider) : IGrainCallInvoker
{
    private readonly TimeSpan _defaultTimeout = options.Value.ResponseTimeout;

    public async Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var timeout = request.Method.ResponseTimeout ?? _defaultTimeout;
        using var call = new LocalCall<TResult>(target, request, RequestContext.Data, timeout, timeProvider, cancellationToken);
        catalog.Dispatch(call);
        return await call.Response.ConfigureAwait(false);
    }
}
