using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansAuth.Hosting.Events;

/// <summary>
/// Sends the grain_events outbox to the webhook, at least once and in order per grain. Runs in every silo host; the
/// cluster's delivery lease makes one of them active while the others stand by and take over when its lease expires.
/// Each pass renews the lease, reads the oldest undelivered rows and sends each grain's events one after another
/// (grains in parallel), stopping a grain at its first failure so its later events never overtake it. A delivered
/// row is marked (and its tokens stripped) only after the receiver's 2xx, so a crash in between resends it with the
/// same id. Failed passes back off exponentially with jitter while the circuit breaker is closed; once it is open (an outage,
/// not a hiccup) the next pass is its trial, so one POST per break reaches the receiver and none waits longer.
/// </summary>
internal sealed partial class EventDispatcher(
    EventOutbox outbox,
    IOptions<EventsOptions> options,
    EventsMetrics metrics,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly EventsOptions _options = options.Value;
    private readonly ILogger _logger = loggerFactory.CreateLogger<EventDispatcher>();
    private readonly string _holder = Guid.NewGuid().ToString("N");
    private WebhookSender? _sender;
    private bool _holdsLease;
    private bool _waiting;
    private int _failedPasses;

    /// <summary>Whether this dispatcher held the cluster's delivery lease at its last pass.</summary>
    public bool IsActive => Volatile.Read(ref _holdsLease);

    /// <summary>Whether the dispatcher is between passes (what a test on a fake clock waits for before advancing it).</summary>
    public bool IsWaiting => Volatile.Read(ref _waiting);

    public override void Dispose()
    {
        _sender?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.WebhookUrl is null)
        {
            LogDisabled();
            return;
        }

        _sender = new WebhookSender(_options, time, loggerFactory.CreateLogger<WebhookSender>());
        metrics.ObserveBreaker(() => _sender.BreakerState);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    wait = await RunPassAsync(_sender, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database is unreachable, say: nothing is lost, the rows wait for the next pass.
                    wait = NextRetryDelay();
                    LogPassFailed(exception, wait);
                }

                if (wait > TimeSpan.Zero)
                {
                    Volatile.Write(ref _waiting, true);
                    try
                    {
                        await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        Volatile.Write(ref _waiting, false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await ReleaseLeaseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One pass; returns how long to wait before the next one.</summary>
    private async Task<TimeSpan> RunPassAsync(WebhookSender sender, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var leaseUntil = now + _options.LeaseDuration;
        var holds = await outbox.TryAcquireLeaseAsync(_holder, now, leaseUntil, cancellationToken).ConfigureAwait(false);
        if (holds != _holdsLease)
        {
            Volatile.Write(ref _holdsLease, holds);
            LogLeaseChanged(holds);
        }

        metrics.SetBacklog(await outbox.CountUndeliveredAsync(cancellationToken).ConfigureAwait(false));
        if (!holds)
        {
            return _options.PollInterval;
        }

        var batch = await outbox.ReadUndeliveredAsync(_options.BatchSize, cancellationToken).ConfigureAwait(false);
        if (batch.Count == 0)
        {
            _failedPasses = 0;
            return _options.PollInterval;
        }

        var failures = 0;
        var delivered = 0;
        var grains = batch.GroupBy(row => row.GrainRowKey).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentDeliveries, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(grains, parallel, async (events, token) =>
        {
            foreach (var row in events)
            {
                // Send only while the lease outlasts the attempt: a successor starts after the lease expires and
                // then sees every event this holder sent, so no grain's events are ever sent by two holders at once.
                if (time.GetUtcNow() + _options.RequestTimeout >= leaseUntil)
                {
                    return;
                }

                var result = await sender.SendAsync(row.Event, token).ConfigureAwait(false);
                if (!result.Delivered)
                {
                    metrics.Failed(result.Outcome);
                    Interlocked.Increment(ref failures);
                    LogAttemptFailed(row.Event.Id, row.Event.Type, result.Outcome, result.StatusCode);
                    return;
                }

                await outbox.MarkDeliveredAsync(row.Event.Id, time.GetUtcNow(), token).ConfigureAwait(false);
                metrics.Delivered();
                Interlocked.Increment(ref delivered);
            }
        }).ConfigureAwait(false);

        metrics.SetBacklog(await outbox.CountUndeliveredAsync(cancellationToken).ConfigureAwait(false));
        if (failures > 0)
        {
            // An open circuit decides when the next attempt may reach the receiver: wait exactly for its trial, so
            // backoff and break never add up (a receiver that is back gets its backlog within one break).
            var wait = sender.TimeUntilTrial ?? NextRetryDelay();
            LogPassIncomplete(delivered, failures, wait);
            return wait;
        }

        _failedPasses = 0;
        return batch.Count < _options.BatchSize ? _options.PollInterval : TimeSpan.Zero;
    }

    /// <summary>MinRetryDelay doubled per failed pass in a row, capped, with "equal jitter" (half fixed, half random).</summary>
    private TimeSpan NextRetryDelay()
    {
        _failedPasses++;
        var exponent = Math.Min(_failedPasses - 1, 30);
        var ceiling = Math.Min(_options.MinRetryDelay.Ticks * Math.Pow(2, exponent), _options.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2)));
    }

    private async Task ReleaseLeaseAsync()
    {
        if (!_holdsLease)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await outbox.ReleaseLeaseAsync(_holder, timeout.Token).ConfigureAwait(false);
            Volatile.Write(ref _holdsLease, false);
        }
        catch (Exception exception)
        {
            // The lease then simply expires.
            LogReleaseFailed(exception);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Events:WebhookUrl is not set: events are not sent and stay undelivered in the outbox")]
    private partial void LogDisabled();

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Event delivery lease held by this node: {Holds}")]
    private partial void LogLeaseChanged(bool holds);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Debug, Message = "Delivery of event {EventId} ({EventType}) failed: {Outcome} {StatusCode}")]
    private partial void LogAttemptFailed(Guid eventId, string eventType, string outcome, int? statusCode);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Event delivery pass: {Delivered} delivered, {Failed} failed; next attempt in {Wait}")]
    private partial void LogPassIncomplete(int delivered, int failed, TimeSpan wait);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Event delivery pass failed; next attempt in {Wait}")]
    private partial void LogPassFailed(Exception exception, TimeSpan wait);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Releasing the event delivery lease failed; it expires on its own")]
    private partial void LogReleaseFailed(Exception exception);
}
