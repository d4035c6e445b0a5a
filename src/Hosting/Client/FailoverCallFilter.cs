using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace OrleansAuth.Hosting.Client;

/// <summary>
/// Orleans' client does not retry. This filter does, for the calls where that is safe: a call the cluster refused or
/// could not be sent (it certainly did not run) is sent again until its grain is active on a live silo, and a
/// read-only call (<see cref="ReadOnlyAttribute"/>) is also sent again after an unknown outcome, because running a
/// reader twice is harmless. A write with an unknown outcome is not repeated: its exception reaches the API, which
/// answers 503 with Retry-After. Attempts stop at <see cref="ClusterClientOptions.FailoverWait"/>.
/// </summary>
internal sealed partial class FailoverCallFilter(IOptions<ClusterClientOptions> options, TimeProvider time, ILogger<FailoverCallFilter> logger) : IOutgoingGrainCallFilter
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);
    private static readonly ConcurrentDictionary<MethodInfo, bool> ReadOnlyMethods = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var settings = options.Value;
        var deadline = time.GetUtcNow() + settings.FailoverWait;
        var delay = settings.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await context.Invoke();
                return;
            }
            catch (Exception exception) when (MayResend(exception, context) && time.GetUtcNow() + delay < deadline)
            {
                LogResend(logger, context.InterfaceName, context.MethodName, attempt, exception.GetType().Name);
                await Task.Delay(delay, time);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
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

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Resending {Interface}.{Method} (attempt {Attempt} failed with {Failure})")]
    private static partial void LogResend(ILogger logger, string @interface, string method, int attempt, string failure);
}
