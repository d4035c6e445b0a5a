using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;
using Polly;
using Polly.CircuitBreaker;

namespace OrleansAuth.Runtime.Client;

/// <summary>
/// One Polly circuit breaker per silo. Calls that find a silo unreachable or unresponsive count as failures
/// (refused connections, lost connections, refusals, timeouts); answers of the grain itself, "moved" and overload do
/// not, because the silo is working. An open circuit fails calls to that silo at once, without touching the network,
/// until its break duration has passed and a trial call succeeds.
/// </summary>
internal sealed partial class SiloCircuitBreakers
{
    /// <summary>The meter of the cluster client; its gauge <see cref="StateInstrument"/> reports every breaker.</summary>
    public const string MeterName = "OrleansAuth.ClusterClient";

    /// <summary>0 closed, 1 half-open, 2 open (isolated counts as open); tag <c>breaker</c> = <c>silo:&lt;address&gt;</c>.</summary>
    public const string StateInstrument = "orleansauth.circuit_breaker.state";

    private readonly ConcurrentDictionary<SiloAddress, Breaker> _breakers = new();
    private readonly ClusterClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public SiloCircuitBreakers(IOptions<ClusterClientOptions> options, TimeProvider timeProvider, ILogger<SiloCircuitBreakers> logger, IMeterFactory meterFactory)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        meterFactory.Create(MeterName).CreateObservableGauge(
            StateInstrument,
            ObserveStates,
            description: "State of the cluster client's circuit breaker per silo: 0 closed, 1 half-open, 2 open.");
    }

    /// <summary>The breaker of <paramref name="silo"/>, created closed on first use.</summary>
    public ResiliencePipeline For(SiloAddress silo) => _breakers.GetOrAdd(silo, Create).Pipeline;

    /// <summary>The state of every breaker, as the gauge reports it.</summary>
    public IEnumerable<Measurement<int>> ObserveStates()
    {
        foreach (var (silo, breaker) in _breakers)
        {
            var state = breaker.State.CircuitState switch
            {
                CircuitState.Closed => 0,
                CircuitState.HalfOpen => 1,
                _ => 2,
            };
            yield return new Measurement<int>(state, new KeyValuePair<string, object?>("breaker", $"silo:{silo}"));
        }
    }

    /// <summary>Forgets the breakers of silos that are no longer members (a Dead identity never returns).</summary>
    public void Retain(Func<SiloAddress, bool> isMember)
    {
        foreach (var silo in _breakers.Keys)
        {
            if (!isMember(silo))
            {
                _breakers.TryRemove(silo, out _);
            }
        }
    }

    private static bool IsSiloFailure(Exception? exception) =>
        exception is SiloUnavailableException or GrainCallTimeoutException or CallNotSentException;

    private Breaker Create(SiloAddress silo)
    {
        var state = new CircuitBreakerStateProvider();
        var pipeline = new ResiliencePipelineBuilder { Name = $"silo {silo}", TimeProvider = _timeProvider }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                StateProvider = state,
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = _options.BreakerSamplingDuration,
                BreakDuration = _options.BreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsSiloFailure(args.Outcome.Exception)),
                OnOpened = args =>
                {
                    LogOpened(silo, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogClosed(silo);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        return new Breaker(pipeline, state);
    }

    private sealed record Breaker(ResiliencePipeline Pipeline, CircuitBreakerStateProvider State);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Circuit to silo {Silo} opened for {BreakDuration}: its calls fail fast")]
    private partial void LogOpened(SiloAddress silo, TimeSpan breakDuration);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Circuit to silo {Silo} closed")]
    private partial void LogClosed(SiloAddress silo);
}
