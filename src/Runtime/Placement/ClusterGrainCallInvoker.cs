using Microsoft.Extensions.Logging;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Messaging;

namespace OrleansAuth.Runtime.Placement;

/// <summary>
/// Sends each grain call to the grain's owner in this node's membership view: this silo's own catalog when it is the
/// owner, else over the transport. A <see cref="GrainMovedException"/> means the call ran nowhere (every silo that
/// answers "moved" does so before running it), so only then is it sent again, after the view was refreshed; any other
/// failure goes to the caller, because the call may have run. Used by silos (grain-to-grain calls and embedded
/// callers) and by cluster clients (no local catalog).
/// </summary>
internal sealed partial class ClusterGrainCallInvoker : IGrainCallInvoker
{
    /// <summary>Attempts per call; with the doubling delay the last one starts about 3 s after the first.</summary>
    internal const int MaxAttempts = 10;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    private readonly GrainLocator _locator;
    private readonly IRemoteGrainInvoker _remote;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ILocalSiloDetails? _localSilo;
    private readonly IGrainCallInvoker? _localInvoker;

    /// <param name="locator">The routing decision.</param>
    /// <param name="remote">Sends calls to other silos.</param>
    /// <param name="timeProvider">Clock for the delay between attempts.</param>
    /// <param name="logger">Logs re-routed calls.</param>
    /// <param name="localSilo">This silo; null on a cluster client.</param>
    /// <param name="localInvoker">Calls this silo's catalog; null on a cluster client.</param>
    public ClusterGrainCallInvoker(
        GrainLocator locator,
        IRemoteGrainInvoker remote,
        TimeProvider timeProvider,
        ILogger<ClusterGrainCallInvoker> logger,
        ILocalSiloDetails? localSilo = null,
        LocalGrainCallInvoker? localInvoker = null)
    {
        if ((localSilo is null) != (localInvoker is null))
        {
            throw new ArgumentException("A silo needs both its identity and its local invoker; a client neither.");
        }

        _locator = locator;
        _remote = remote;
        _timeProvider = timeProvider;
        _logger = logger;
        _localSilo = localSilo;
        _localInvoker = localInvoker;
    }

    public async Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request, CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        SiloAddress? refusedBy = null;
        SiloAddress? hint = null;
        for (var attempt = 1; ; attempt++)
        {
            var view = _locator.Current;
            var owner = view.GetOwner(target);
            if (owner is null)
            {
                view = await _locator.RefreshAsync(view.Version, cancellationToken).ConfigureAwait(false);
                owner = view.GetOwner(target) ?? throw new SiloUnavailableException(
                    $"No silo is Active in membership view {view.Version}; {request.Method} to {target} was not sent.");
            }

            // Our view still names the silo that just refused: try the owner it named instead (its view may be newer).
            if (owner == refusedBy && hint is { } named && named != refusedBy)
            {
                owner = named;
            }

            try
            {
                return owner == _localSilo?.SiloAddress
                    ? await _localInvoker!.InvokeAsync(target, request, cancellationToken).ConfigureAwait(false)
                    : await _remote.InvokeAsync(owner.Value, target, request, forwardCount: 0, cancellationToken).ConfigureAwait(false);
            }
            catch (GrainMovedException moved) when (attempt < MaxAttempts)
            {
                Log.Rerouting(_logger, request.Method.ToString(), target, owner.Value, moved.Owner, view.Version, attempt);
                refusedBy = owner;
                hint = moved.Owner;
                if (attempt > 1)
                {
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
                }

                await _locator.RefreshAsync(view.Version, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(60, LogLevel.Debug, "{Method} to {GrainId} was refused by {Silo} (owner there: {Owner}) in view {Version}, attempt {Attempt}; re-routing")]
        public static partial void Rerouting(ILogger logger, string method, GrainId grainId, SiloAddress silo, SiloAddress? owner, long version, int attempt);
    }
}
