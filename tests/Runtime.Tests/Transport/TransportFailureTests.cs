using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Tests.Grains;
using OrleansAuth.Runtime.Tests.Infrastructure;

namespace OrleansAuth.Runtime.Tests.Transport;

public sealed class TransportFailureTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Call_NoResponseWithinTimeout_FailsWithTimeoutOnCallersClock()
    {
        var time = new FakeTimeProvider();
        await using var caller = await TestSilo.StartNetworkedAsync(time: time);
        await using var target = await TestSilo.StartNetworkedAsync();
        var grain = caller.GrainsOn(target.Address).GetGrain<ITurnGrain>("slow");

        var call = grain.HoldUntilOpened("slow-gate", CancellationToken.None);
        await target.Log.WhenRecorded("entered:slow-gate").WaitAsync(Wait);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        var exception = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call.WaitAsync(Wait));
        Assert.Contains("ITurnGrain.HoldUntilOpened", exception.Message);
        target.Log.Open("slow-gate");
    }

    [Fact]
    public async Task Call_TimeToLiveRunsOutOnTarget_GrainIsCancelledAndCallerToldTimeout()
    {
        var time = new FakeTimeProvider();
        await using var caller = await TestSilo.StartNetworkedAsync();
        await using var target = await TestSilo.StartNetworkedAsync(time: time);
        var grain = caller.GrainsOn(target.Address).GetGrain<ITurnGrain>("ttl");

        var call = grain.HangBriefly(CancellationToken.None);
        await target.Log.WhenRecorded("hang:ttl").WaitAsync(Wait);
        time.Advance(TimeSpan.FromSeconds(3));

        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call.WaitAsync(Wait));
        await target.Log.WhenRecorded("hang-cancelled:ttl").WaitAsync(Wait);
    }

    [Fact]
    public async Task Call_CallerCancels_FailsAtOnceAndRemoteTurnIsCancelled()
    {
        await using var caller = await TestSilo.StartNetworkedAsync();
        await using var target = await TestSilo.StartNetworkedAsync();
        using var cts = new CancellationTokenSource();
        var grain = caller.GrainsOn(target.Address).GetGrain<ITurnGrain>("cancel");

        var call = grain.Hang(cts.Token);
        await target.Log.WhenRecorded("hang:cancel").WaitAsync(Wait);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Wait));
        Assert.All(caller.Connections.Connections, c => Assert.Equal(0, c.PendingCount));
        await target.Log.WhenRecorded("hang-cancelled:cancel").WaitAsync(Wait);
    }

    [Fact]
    public async Task Call_TargetKilledWhileCallsWait_PendingCallsFailFastWithSiloUnavailable()
    {
        await using var caller = await TestSilo.StartNetworkedAsync();
        var target = await TestSilo.StartNetworkedAsync();
        var factory = caller.GrainsOn(target.Address);
        var calls = Enumerable.Range(0, 5).Select(i => factory.GetGrain<ITurnGrain>($"doomed{i}").Hang(CancellationToken.None)).ToArray();
        for (var i = 0; i < calls.Length; i++)
        {
            await target.Log.WhenRecorded($"hang:doomed{i}").WaitAsync(Wait);
        }

        await target.KillAsync();

        foreach (var call in calls)
        {
            // Well before the 30 s response timeout: the dead connection fails them.
            await Assert.ThrowsAsync<SiloUnavailableException>(() => call.WaitAsync(TimeSpan.FromSeconds(20)));
        }

        await Assert.ThrowsAsync<SiloUnavailableException>(() => factory.GetGrain<ITurnGrain>("after").Ping());

        // On the dead side, turns nobody can answer any more were cancelled with their connection.
        await target.Log.WhenRecorded("hang-cancelled:doomed0").WaitAsync(Wait);
        await target.DisposeAsync();
    }

    [Fact]
    public async Task Call_TargetRestartedOnSamePort_OldIdentityRefusedNewIdentityServed()
    {
        await using var caller = await TestSilo.StartNetworkedAsync(messaging: o => o.ReconnectDelay = TimeSpan.FromMilliseconds(1));
        var first = await TestSilo.StartNetworkedAsync();
        var oldAddress = first.Address;
        Assert.Equal("pong:a", await caller.GrainsOn(oldAddress).GetGrain<ITurnGrain>("a").Ping());
        await first.KillAsync();
        await first.DisposeAsync();
        await WaitUntil(() => !caller.Connections.Connections.Any(c => c.IsOutbound));

        await using var second = await TestSilo.StartNetworkedAsync(port: oldAddress.Port);
        Assert.Equal(oldAddress.Port, second.Address.Port);
        Assert.NotEqual(oldAddress.Generation, second.Address.Generation);

        var refused = await Assert.ThrowsAsync<SiloUnavailableException>(() => caller.GrainsOn(oldAddress).GetGrain<ITurnGrain>("a").Ping());
        Assert.Contains(second.Address.ToString(), refused.Message);
        Assert.Equal("pong:b", await caller.GrainsOn(second.Address).GetGrain<ITurnGrain>("b").Ping());
    }

    [Fact]
    public async Task Call_ConnectionDroppedByPeer_NextCallReconnects()
    {
        await using var caller = await TestSilo.StartNetworkedAsync();
        await using var target = await TestSilo.StartNetworkedAsync();
        var grain = caller.GrainsOn(target.Address).GetGrain<ITurnGrain>("re");
        await grain.Ping();
        var first = Assert.Single(caller.Connections.Connections, c => c.IsOutbound);

        foreach (var inbound in target.Connections.Connections)
        {
            inbound.Close(null);
        }

        await first.Closed.WaitAsync(Wait);
        Assert.Equal("pong:re", await grain.Ping());
        var second = Assert.Single(caller.Connections.Connections, c => c.IsOutbound);
        Assert.NotSame(first, second);
    }

    [Fact]
    public async Task Call_MailboxFull_CallerGetsGrainOverloaded()
    {
        await using var caller = await TestSilo.StartNetworkedAsync();
        await using var target = await TestSilo.StartNetworkedAsync(options: o => o.MaxEnqueuedRequests = 1);
        var grain = caller.GrainsOn(target.Address).GetGrain<ITurnGrain>("busy");

        var running = grain.HoldUntilOpened("busy-gate", CancellationToken.None);
        await target.Log.WhenRecorded("entered:busy-gate").WaitAsync(Wait);
        var queued = grain.Ping();
        await WaitUntil(() => target.Catalog.Find(new GrainId("turn", "busy"))!.QueuedCount == 1);

        await Assert.ThrowsAsync<GrainOverloadedException>(grain.Ping);

        target.Log.Open("busy-gate");
        await running.WaitAsync(Wait);
        Assert.Equal("pong:busy", await queued.WaitAsync(Wait));
    }

    [Fact]
    public async Task Call_TargetShuttingDown_NewCallsRefusedRunningCallAnswered()
    {
        await using var caller = await TestSilo.StartNetworkedAsync();
        var target = await TestSilo.StartNetworkedAsync();
        var factory = caller.GrainsOn(target.Address);
        var running = factory.GetGrain<ITurnGrain>("draining").HoldUntilOpened("drain-gate", CancellationToken.None);
        await target.Log.WhenRecorded("entered:drain-gate").WaitAsync(Wait);

        var stopping = target.StopAsync();
        await WaitUntil(() => target.Catalog.Find(new GrainId("turn", "draining")) is null || IsRefusing(target));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => factory.GetGrain<ITurnGrain>("late").Ping());

        target.Log.Open("drain-gate");
        await running.WaitAsync(Wait);
        await stopping.WaitAsync(Wait);
        await target.DisposeAsync();
    }

    [Fact]
    public async Task Probe_ExactSilo_Succeeds()
    {
        await using var prober = await TestSilo.StartNetworkedAsync();
        await using var target = await TestSilo.StartNetworkedAsync();

        await prober.Control.ProbeAsync(target.Address, TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    [Fact]
    public async Task Probe_SameEndpointOtherGeneration_Fails()
    {
        await using var prober = await TestSilo.StartNetworkedAsync();
        await using var target = await TestSilo.StartNetworkedAsync();
        var previousIncarnation = target.Address with { Generation = target.Address.Generation - 1 };

        await Assert.ThrowsAsync<SiloUnavailableException>(() => prober.Control.ProbeAsync(previousIncarnation, TimeSpan.FromSeconds(10), CancellationToken.None));
    }

    [Fact]
    public async Task Probe_NothingListening_Fails()
    {
        await using var prober = await TestSilo.StartNetworkedAsync();
        var gone = await TestSilo.StartNetworkedAsync();
        var address = gone.Address;
        await gone.KillAsync();
        await gone.DisposeAsync();

        await Assert.ThrowsAsync<SiloUnavailableException>(() => prober.Control.ProbeAsync(address, TimeSpan.FromSeconds(10), CancellationToken.None));
    }

    [Fact]
    public async Task Probe_PeerNeverAnswers_FailsWithTimeoutOnProbersClock()
    {
        var time = new FakeTimeProvider();
        await using var prober = await TestSilo.StartNetworkedAsync(time: time);
        await using var silent = SilentSilo.Start();

        var probe = prober.Control.ProbeAsync(silent.Address, TimeSpan.FromSeconds(2), CancellationToken.None);
        await silent.HandshakeDone.WaitAsync(Wait);
        time.Advance(TimeSpan.FromSeconds(3));

        await Assert.ThrowsAnyAsync<TimeoutException>(() => probe.WaitAsync(Wait));
    }

    [Fact]
    public async Task NotifyMembershipChanged_DeliveredToListenersWithSender()
    {
        var listener = new RecordingMembershipListener();
        await using var sender = await TestSilo.StartNetworkedAsync();
        await using var receiver = await TestSilo.StartNetworkedAsync(configure: s => s.AddSingleton<IMembershipChangeListener>(listener));

        await sender.Control.NotifyMembershipChangedAsync(receiver.Address, 42, CancellationToken.None);

        var (from, version) = await listener.Received.Task.WaitAsync(Wait);
        Assert.Equal(sender.Address, from);
        Assert.Equal(42, version);
    }

    [Fact]
    public async Task NotifyMembershipChanged_TargetDown_ReturnsWithoutThrowing()
    {
        await using var sender = await TestSilo.StartNetworkedAsync();
        var gone = await TestSilo.StartNetworkedAsync();
        var address = gone.Address;
        await gone.KillAsync();
        await gone.DisposeAsync();

        await sender.Control.NotifyMembershipChangedAsync(address, 7, CancellationToken.None);
    }

    private static bool IsRefusing(TestSilo silo) => silo.Services.GetRequiredService<Hosting.ISiloStatusProvider>().Status != Hosting.SiloStatus.Active;

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(5);
        }
    }

    private sealed class RecordingMembershipListener : IMembershipChangeListener
    {
        public TaskCompletionSource<(SiloAddress, long)> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnMembershipChanged(SiloAddress sender, long tableVersion) => Received.TrySetResult((sender, tableVersion));
    }
}
