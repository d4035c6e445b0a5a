using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Hosting;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>
/// Sends grain calls over the connections of the <see cref="ConnectionManager"/>: captures the request context,
/// applies the method's response timeout (on <see cref="TimeProvider"/>) and waits for the matching response.
/// </summary>
internal sealed class RemoteGrainInvoker(ConnectionManager connections, GrainCodecCache codecs, IOptions<GrainRuntimeOptions> runtimeOptions, TimeProvider timeProvider) : IRemoteGrainInvoker
{
    private readonly TimeSpan _defaultTimeout = runtimeOptions.Value.ResponseTimeout;

    public Task<TResult> InvokeAsync<TResult>(SiloAddress silo, GrainId target, GrainRequest<TResult> request, int forwardCount, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        OutboundGrainCall<TResult> call;
        ValueTask<Connection> connecting;
        try
        {
            var codec = (GrainRequestCodec<TResult>)codecs.Get(request.Method).Codec;
            var timeout = request.Method.ResponseTimeout ?? _defaultTimeout;
            call = new OutboundGrainCall<TResult>(target, request, codec, RequestContext.Data, timeout, timeProvider, (byte)Math.Clamp(forwardCount, 0, byte.MaxValue), cancellationToken);
            connecting = connections.GetConnectionAsync(silo, cancellationToken);
        }
        catch (Exception exception)
        {
            return Task.FromException<TResult>(exception);
        }

        if (connecting.IsCompletedSuccessfully)
        {
            connecting.Result.SendRequest(call);
            return call.Task;
        }

        return SendWhenConnectedAsync(connecting, call);
    }

    private static async Task<TResult> SendWhenConnectedAsync<TResult>(ValueTask<Connection> connecting, OutboundGrainCall<TResult> call)
    {
        Connection connection;
        try
        {
            connection = await connecting.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            call.Fail(exception);
            throw;
        }

        connection.SendRequest(call);
        return await call.Task.ConfigureAwait(false);
    }
}
