using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Messaging;
using OrleansAuth.Runtime.Messaging.Transport;
using OrleansAuth.Runtime.Placement;
using Polly.CircuitBreaker;

namespace OrleansAuth.Runtime.Client;

/// <summary>
/// Sends each grain call straight to the silo that owns the grain in the client's view (one hop), through that
/// silo's circuit breaker. A call is sent again — to the owner of a freshly read view, within the call's response
/// timeout and at most <see cref="ClusterClientOptions.MaxSendAttempts"/> times — only when it certainly did not run:
/// the silo answered "moved", refused it without running it, or could not be reached before it was sent. When the owner
/// stays unreachable (or its circuit is open), the call waits up to <see cref="ClusterClientOptions.FailoverWait"/> for
/// the view to move the grain, then runs on the new owner. A call that may have run (lost connection after sending,
/// timeout) is never repeated unless it is [ReadOnly]: a writer's failure goes to the caller.
/// </summary>
internal sealed partial class ClusterClientCallInvoker(
    ClientRoutingView view,
    SiloCircuitBreakers breakers,
    ConnectionManager connections,
    GrainCodecCache codecs,
    ClusterClientStatistics statistics,
    IOptions<ClusterClientOptions> options,
    IOptions<GrainRuntimeOptions> runtimeOptions,
    TimeProvider timeProvider,
    ILogger<ClusterClientCallInvoker> logger) : IGrainCallInvoker
{
    private readonly ClusterClientOptions _options = options.Value;
    private readonly TimeSpan _defaultTimeout = runtimeOptions.Value.ResponseTimeout;
    private readonly ConnectionManager _connections = connections;
    private readonly ClusterClientStatistics _statistics = statistics;
    private readonly TimeProvider _timeProvider = timeProvider;

    public async Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var codec = (GrainRequestCodec<TResult>)codecs.Get(request.Method).Codec;
        var timeout = request.Method.ResponseTimeout ?? _defaultTimeout;
        var started = _timeProvider.GetTimestamp();
        var call = new Send<TResult>(this, target, request, codec, RequestContext.Data, cancellationToken);
        SiloAddress? hint = null;
        for (var attempt = 1; ; attempt++)
        {
            var routing = view.Current;
            var silo = hint ?? routing.GetOwner(target) ?? await OwnerAfterRefreshAsync(routing, target, cancellationToken).ConfigureAwait(false);
            hint = null;
            var remaining = timeout - _timeProvider.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new GrainCallTimeoutException($"Call {request.Method} to {target} did not complete within {timeout}.");
            }

            try
            {
                return await breakers.For(silo).ExecuteAsync(
                    static (state, token) => state.Call.SendOnceAsync(state.Silo, state.Remaining),
                    (Call: call, Silo: silo, Remaining: remaining),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (BrokenCircuitException broken)
            {
                // Not sent: the view may not know yet that the silo is gone. Wait for it to move the grain, else fail.
                if (await WaitForOtherOwnerAsync(target, silo, started, timeout, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                _statistics.OnFailedFast();
                _ = view.RefreshAsync(view.Current.Version, CancellationToken.None);
                throw new SiloUnavailableException($"Silo {silo} is failing; {request.Method} to {target} was not sent (circuit open, retry later).", broken);
            }
            catch (GrainMovedException moved) when (attempt < _options.MaxSendAttempts)
            {
                _statistics.OnMovedRetry();
                LogMoved(request.Method, target, silo, moved.Owner, attempt);
                await view.RefreshAsync(routing.Version, cancellationToken).ConfigureAwait(false);

                // The refusing silo names the owner when it knows one: trust it while our view still points back at the
                // refusing silo, as long as the named silo is an Active member we know of.
                var refreshed = view.Current;
                if (refreshed.GetOwner(target) == silo && moved.Owner is { } owner && owner != silo && refreshed.Snapshot.GetStatus(owner) == MembershipStatus.Active)
                {
                    hint = owner;
                }
                else if (refreshed.GetOwner(target) == silo)
                {
                    await DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (GrainMovedException moved)
            {
                throw new SiloUnavailableException($"{request.Method} to {target} was not executed: no silo accepted it after {attempt} attempts.", moved);
            }
            catch (CallNotSentException notSent) when (attempt < _options.MaxSendAttempts)
            {
                _statistics.OnUnreachableRetry();
                LogNotSent(request.Method, target, silo, notSent.Message, attempt);
                await view.RefreshAsync(routing.Version, cancellationToken).ConfigureAwait(false);
                if (view.Current.GetOwner(target) == silo)
                {
                    await DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (CallNotSentException notSent)
            {
                if (await WaitForOtherOwnerAsync(target, silo, started, timeout, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                _ = view.RefreshAsync(view.Current.Version, CancellationToken.None);
                throw notSent.Reason;
            }
        }
    }

    private async Task<SiloAddress> OwnerAfterRefreshAsync(PlacementView routing, GrainId target, CancellationToken cancellationToken)
    {
        await view.RefreshAsync(routing.Version, cancellationToken).ConfigureAwait(false);
        var current = view.Current;
        return current.GetOwner(target)
            ?? throw new SiloUnavailableException($"No silo is Active in the membership view (version {current.Version}); {target} cannot be reached.");
    }

    /// <summary>
    /// Waits, within <see cref="ClusterClientOptions.FailoverWait"/> and the call's timeout (both counted from the call's
    /// start), until the view names an owner for <paramref name="target"/> other than <paramref name="unreachable"/>.
    /// Waiting callers share the view's rate-limited table reads, so a crowd of them costs the database little.
    /// </summary>
    private async Task<bool> WaitForOtherOwnerAsync(GrainId target, SiloAddress unreachable, long started, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var budget = _options.FailoverWait < timeout ? _options.FailoverWait : timeout;
        var waited = false;
        while (true)
        {
            var routing = view.Current;
            if (routing.GetOwner(target) is { } owner && owner != unreachable)
            {
                if (waited)
                {
                    _statistics.OnFailoverRetry();
                }

                return true;
            }

            var left = budget - _timeProvider.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            waited = true;
            await view.RefreshAsync(routing.Version, cancellationToken).ConfigureAwait(false);
            if (view.Current.Version == routing.Version)
            {
                var pause = _options.MinViewRefreshInterval > TimeSpan.Zero ? _options.MinViewRefreshInterval : TimeSpan.FromMilliseconds(50);
                await Task.Delay(pause < left ? pause : left, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task DelayAsync(int attempt, CancellationToken cancellationToken)
    {
        var delay = _options.RetryDelay * Math.Pow(2, attempt - 1);
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _timeProvider, cancellationToken);
    }

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "{Method} to {Target}: silo {Silo} does not own it (it names {Owner}); attempt {Attempt}, re-routing")]
    private partial void LogMoved(GrainMethodDescriptor method, GrainId target, SiloAddress silo, SiloAddress? owner, int attempt);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug, Message = "{Method} to {Target}: not sent to silo {Silo} ({Reason}); attempt {Attempt}, re-routing")]
    private partial void LogNotSent(GrainMethodDescriptor method, GrainId target, SiloAddress silo, string reason, int attempt);

    /// <summary>One call's fixed parts, sent once per attempt.</summary>
    private sealed class Send<TResult>(
        ClusterClientCallInvoker owner,
        GrainId target,
        GrainRequest<TResult> request,
        GrainRequestCodec<TResult> codec,
        RequestContextData? requestContext,
        CancellationToken cancellationToken)
    {
        public async ValueTask<TResult> SendOnceAsync(SiloAddress silo, TimeSpan remaining)
        {
            Connection connection;
            try
            {
                connection = await owner._connections.GetConnectionAsync(silo, cancellationToken).ConfigureAwait(false);
            }
            catch (SiloUnavailableException unreachable)
            {
                throw new CallNotSentException(unreachable);
            }

            // The time to live the silo sees is what is left of the caller's timeout, so retries never extend it.
            var call = new OutboundGrainCall<TResult>(target, request, codec, requestContext, remaining, owner._timeProvider, forwardCount: 0, cancellationToken);
            owner._statistics.OnSend();
            connection.SendRequest(call);
            try
            {
                return await call.Task.ConfigureAwait(false);
            }
            catch (SiloUnavailableException refused) when (connection.IsOpen || request.Method.IsReadOnly)
            {
                // A connection closes before it fails its waiting calls, so an open one means the silo itself answered
                // "unavailable": it refused the call without running it. A closed one may have delivered it first,
                // which only matters for a call that changes state: a reader may safely run again.
                throw new CallNotSentException(refused);
            }
        }
    }
}
