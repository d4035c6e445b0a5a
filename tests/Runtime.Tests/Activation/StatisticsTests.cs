using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Runtime.Statistics;
using OrleansAuth.Runtime.Tests.Grains;
using OrleansAuth.Runtime.Tests.Infrastructure;

namespace OrleansAuth.Runtime.Tests.Activation;

public sealed class StatisticsTests
{
    [Fact]
    public async Task GetMethodStatistics_AfterCalls_CountsCallsErrorsAndLatencyPerMethod()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("measured");
        for (var i = 0; i < 3; i++)
        {
            await grain.Ping();
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("x"));
        var statistics = silo.Services.GetRequiredService<IGrainRuntimeStatistics>();

        var methods = statistics.GetMethodStatistics();
        var ping = Assert.Single(methods, m => m.MethodName == "Ping");
        Assert.Equal(("turn", "ITurnGrain", 3L, 0L), (ping.GrainType, ping.InterfaceName, ping.Calls, ping.Errors));
        Assert.True(ping.TotalLatency > TimeSpan.Zero);
        Assert.True(ping.LatencyP99 >= ping.LatencyP50 && ping.LatencyP50 > TimeSpan.Zero);
        var fail = Assert.Single(methods, m => m.MethodName == "Fail");
        Assert.Equal((1L, 1L), (fail.Calls, fail.Errors));
        Assert.Equal(1, statistics.ActivationCount);
        Assert.Equal(1, statistics.GetActivationCounts()["turn"]);
    }
}
