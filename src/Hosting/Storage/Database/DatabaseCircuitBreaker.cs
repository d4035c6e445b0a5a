using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Hosting.Storage.Postgres;
using Polly;
using Polly.CircuitBreaker;

namespace OrleansAuth.Hosting.Storage.Database;

/// <summary>
/// A Polly circuit breaker around grain storage. While the database is unreachable, grain calls that need it fail at
/// once with <see cref="StorageUnavailableException"/> (503 at the API) instead of each waiting for its own connect
/// timeout; one trial call per break duration finds out when the database is back. Only unreachability counts as a
/// failure (<see cref="DatabaseFailures.IsUnavailable"/>): a stale write or a constraint violation proves the database
/// works. The state is reported as the gauge <c>orleansauth.circuit_breaker.state</c> (0 closed, 1 half-open, 2 open)
/// with tag <c>breaker=database</c>.
/// </summary>
internal sealed partial class DatabaseCircuitBreaker : IDisposable
{
    public const string MeterName = "OrleansAuth.Storage";

    public const string BreakerName = "database";

    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly IAuthDatabase _database;
    private readonly ILogger _logger;
    private readonly Meter _meter;

    public DatabaseCircuitBreaker(IAuthDatabase database, IOptions<StorageOptions> options, TimeProvider timeProvider, ILogger<DatabaseCircuitBreaker> logger, IMeterFactory? meterFactory = null)
    {
        _database = database;
        _logger = logger;
        var settings = options.Value;
        _pipeline = new ResiliencePipelineBuilder { Name = BreakerName, TimeProvider = timeProvider }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = settings.BreakerFailureRatio,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = settings.BreakerSamplingDuration,
                BreakDuration = settings.BreakerBreakDuration,
                StateProvider = _state,
                ShouldHandle = args => ValueTask.FromResult(DatabaseFailures.IsUnavailable(args.Outcome.Exception)),
                OnOpened = OnOpened,
                OnClosed = _ =>
                {
                    LogClosed();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge(
            "orleansauth.circuit_breaker.state",
            () => new Measurement<int>(StateValue, new KeyValuePair<string, object?>("breaker", BreakerName)),
            description: "Circuit breaker state: 0 closed, 1 half-open, 2 open.");
    }

    public CircuitState State => _state.CircuitState;

    private int StateValue => State switch
    {
        CircuitState.Closed => 0,
        CircuitState.HalfOpen => 1,
        _ => 2,
    };

    /// <summary>
    /// Runs <paramref name="operation"/> through the breaker. An unreachable database, or an open circuit, surfaces as
    /// <see cref="StorageUnavailableException"/>; every other exception passes unchanged.
    /// </summary>
    /// <remarks>
    /// The <see cref="StorageUnavailableException"/> carries no inner exception: it leaves the silo as a call's result
    /// or inside Orleans' activation failure, and neither the driver's nor Polly's exceptions have an Orleans codec
    /// (the caller would get a serialization failure, a 500, instead of a retryable fault). The cause is logged here.
    /// </remarks>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (op, token) => await op(token).ConfigureAwait(false),
                operation,
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException)
        {
            throw new StorageUnavailableException("The database is unavailable; its circuit breaker is open.");
        }
        catch (Exception exception) when (exception is not StorageUnavailableException && DatabaseFailures.IsUnavailable(exception))
        {
            LogUnreachable(exception);
            throw new StorageUnavailableException("The database could not be reached.");
        }
    }

    public void Dispose() => _meter.Dispose();

    private ValueTask OnOpened(OnCircuitOpenedArguments<object> args)
    {
        LogOpened(args.BreakDuration);

        // Pooled connections to a server that went away are dead; without this the first calls after its return would
        // each find one and fail again.
        (_database as PostgresAuthDatabase)?.DataSource.Clear();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "Database circuit opened for {BreakDuration}: grain storage calls fail fast")]
    private partial void LogOpened(TimeSpan breakDuration);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Warning, Message = "Grain storage call failed: the database could not be reached")]
    private partial void LogUnreachable(Exception exception);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Information, Message = "Database circuit closed: the database answers again")]
    private partial void LogClosed();
}
