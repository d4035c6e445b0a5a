using OrleansAuth.Runtime.Tests.Grains;
using OrleansAuth.Runtime.Tests.Infrastructure;

namespace OrleansAuth.Runtime.Tests.Activation;

public sealed class MailboxTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Invoke_MailboxFull_RejectsAtOnceAndServesTheQueuedCalls()
    {
        await using var silo = await TestSilo.StartAsync(o => o.MaxEnqueuedRequests = 3);
        var grain = silo.Grains.GetGrain<ITurnGrain>("busy");
        var holder = grain.HoldUntilOpened("hold", default);
        await silo.Log.WhenRecorded("entered:hold").WaitAsync(Patience);

        var queued = Enumerable.Range(0, 3).Select(_ => grain.Ping()).ToArray();
        var rejected = grain.Ping();

        // Rejected synchronously with the call: overload must never wait for a timeout.
        Assert.True(rejected.IsFaulted);
        await Assert.ThrowsAsync<GrainOverloadedException>(() => rejected);
        silo.Log.Open("hold");
        await holder.WaitAsync(Patience);
        Assert.All(await Task.WhenAll(queued).WaitAsync(Patience), r => Assert.Equal("pong:busy", r));
    }

    [Fact]
    public async Task Invoke_GrainMethodThrows_CallerGetsExceptionAndGrainKeepsServing()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("thrower");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("boom"));

        Assert.Equal("boom", error.Message);
        Assert.Equal("pong:thrower", await grain.Ping());
    }

    [Fact]
    public async Task Invoke_DistinctKeys_GetDistinctActivations()
    {
        await using var silo = await TestSilo.StartAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => silo.Grains.GetGrain<ITurnGrain>($"k{i}").Ping()));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"pong:k{i}"), replies);
        Assert.Equal(50, silo.Catalog.Count);
    }

    [Fact]
    public void GetGrain_EmptyKey_IsRejected()
    {
        var factory = new Messaging.GrainFactory(new NoInvoker());

        Assert.Throws<ArgumentException>(() => factory.GetGrain<ITurnGrain>(string.Empty));
    }

    private sealed class NoInvoker : IGrainCallInvoker
    {
        public Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request, CancellationToken cancellationToken)
            => throw new NotSupportedException();
    }
}
