using OrleansAuth.Runtime.Tests.Grains;
using OrleansAuth.Runtime.Tests.Infrastructure;

namespace OrleansAuth.Runtime.Tests.Activation;

public sealed class CallTimeoutTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Invoke_MethodExceedsDefaultTimeout_FailsWithTimeoutAndGrainKeepsServing()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time: time);
        var grain = silo.Grains.GetGrain<ITurnGrain>("slow");

        var call = grain.Hang(default);
        await silo.Log.WhenRecorded("hang:slow").WaitAsync(Patience);

        time.Advance(TimeSpan.FromSeconds(29.9));
        Assert.False(call.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(0.1));
        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call.WaitAsync(Patience));
        Assert.Contains("ITurnGrain.Hang", error.Message, StringComparison.Ordinal);

        // The grain's token was cancelled with the call, so its turn ends and the next request is served.
        await silo.Log.WhenRecorded("hang-cancelled:slow").WaitAsync(Patience);
        Assert.Equal("pong:slow", await grain.Ping().WaitAsync(Patience));
    }

    [Fact]
    public async Task Invoke_MethodWithResponseTimeoutAttribute_UsesItsOwnTimeout()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time: time);
        var grain = silo.Grains.GetGrain<ITurnGrain>("brief");

        var call = grain.HangBriefly(default);
        await silo.Log.WhenRecorded("hang:brief").WaitAsync(Patience);
        time.Advance(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call.WaitAsync(Patience));
    }

    [Fact]
    public async Task Invoke_ConfiguredTimeout_AppliesToCalls()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(o => o.ResponseTimeout = TimeSpan.FromSeconds(5), time);
        var grain = silo.Grains.GetGrain<ITurnGrain>("configured");

        var call = grain.Hang(default);
        await silo.Log.WhenRecorded("hang:configured").WaitAsync(Patience);
        time.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call.WaitAsync(Patience));
    }

    [Fact]
    public async Task Invoke_CallTimedOutWhileQueued_IsNeverExecuted()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time: time);
        var grain = silo.Grains.GetGrain<ITurnGrain>("queued");
        var holder = grain.HoldUntilOpened("hold", default);
        await silo.Log.WhenRecorded("entered:hold").WaitAsync(Patience);

        var queued = grain.HoldUntilOpened("never", default);
        time.Advance(TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => queued.WaitAsync(Patience));
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => holder.WaitAsync(Patience));
        Assert.Equal("pong:queued", await grain.Ping().WaitAsync(Patience));
        Assert.Equal(0, silo.Log.Count("entered:never"));
    }

    [Fact]
    public async Task Invoke_CallerCancels_CallIsCancelledAndGrainTokenFires()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("cancelled");
        using var cancellation = new CancellationTokenSource();

        var call = grain.Hang(cancellation.Token);
        await silo.Log.WhenRecorded("hang:cancelled").WaitAsync(Patience);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Patience));
        await silo.Log.WhenRecorded("hang-cancelled:cancelled").WaitAsync(Patience);
    }
}
