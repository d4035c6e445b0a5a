using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Polly;
using Polly.Retry;

namespace OrleansAuth.Hosting.Client;

/// <summary>
/// Orleans' client does not retry. This filter does, for the calls where that is safe: a call the cluster refused or
/// could not send (it certainly did not run) is sent again until its grain is active on a live silo, and a read-only
/// call (<see cref="ReadOnlyAttribute"/>) is also sent again after an unknown outcome, because running a reader twice
/// is harmless. A write with an unknown outcome is not repeated: its exception reaches the API, which answers 503
/// with Retry-After. Attempts back off from <see cref="ClusterClientOptions.RetryDelay"/> (doubling, with jitter, up to
/// 1 s) and stop once <see cref="ClusterClientOptions.FailoverWait"/> has passed since the first.
/// </summary>
internal sealed partial class FailoverCallFilter : IOutgoingGrainCallFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, bool> ReadOnlyMethods = new();
    private static readonly ResiliencePropertyKey<IOutgoingGrainCallContext> CallKey = new("orleansauth.call");
    private static readonly ResiliencePropertyKey<long> StartedKey = new("orleansauth.started");

    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;

    public FailoverCallFilter(IOptions<ClusterClientOptions> options, [FromKeyedServices(ServiceClock.Key)] TimeProvider time, ILogger<FailoverCallFilter> logger)
    {
        _time = time;
        var settings = options.Value;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = settings.RetryDelay,
            MaxDelay = TimeSpan.FromSeconds(1),
            ShouldHandle = arguments => ValueTask.FromResult(
                arguments.Outcome.Exception is { } exception
                && arguments.Context.Properties.TryGetValue(CallKey, out var call)
                && arguments.Context.Properties.TryGetValue(StartedKey, out var started)
                && _time.GetElapsedTime(started) < settings.FailoverWait
                && MayResend(exception, call)),
            OnRetry = arguments =>
            {
                if (arguments.Context.Properties.TryGetValue(CallKey, out var call))
                {
                    LogResend(logger, call.InterfaceName, call.MethodName, arguments.AttemptNumber + 1, arguments.Outcome.Exception?.GetType().Name);
                }

                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var resilience = ResilienceContextPool.Shared.Get();
        try
        {
            resilience.Properties.Set(CallKey, context);
            resilience.Properties.Set(StartedKey, _time.GetTimestamp());

            // Orleans' invoker rewinds its filter stage after each Invoke, so each attempt sends a new message.
            await _pipeline.ExecuteAsync(static async (_, call) => await call.Invoke(), resilience, context);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    private static bool MayResend(Exception exception, IOutgoingGrainCallContext context) => CallFailures.Classify(exception) switch
    {
        CallFailure.NotRun => true,
        CallFailure.OutcomeUnknown => IsReadOnly(context.InterfaceMethod),
        _ => false,
    };

    private static bool IsReadOnly(MethodInfo? method) =>
        method is not null && ReadOnlyMethods.GetOrAdd(method, m => m.GetCustomAttribute<ReadOnlyAttribute>() is not null);

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Resending {Interface}.{Method} (attempt {Attempt}) after {Failure}")]
    private static partial void LogResend(ILogger logger, string @interface, string method, int attempt, string? failure);
}
