using Microsoft.Extensions.Logging;

namespace OrleansAuth.Runtime.Tests.Grains;

public sealed partial class ContextGrain(ILogger<ContextGrain> logger) : Grain, IContextGrain
{
    public Task<string?> LogAndGetCorrelationId(string message)
    {
        LogInside(message);
        return Task.FromResult(RequestContext.Get(RequestContext.CorrelationIdKey));
    }

    public Task<string?> AskOther(string otherKey, string message)
        => GrainFactory.GetGrain<IContextGrain>(otherKey).LogAndGetCorrelationId(message);

    [LoggerMessage(LogLevel.Information, "inside grain: {Message}")]
    private partial void LogInside(string message);
}
