using OrleansAuth.Runtime.Tests.Grains;
using OrleansAuth.Runtime.Tests.Infrastructure;

namespace OrleansAuth.Runtime.Tests.Activation;

public sealed class TurnSchedulingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Invoke_ConcurrentWritersOnOneGrain_NeverInterleaveAndRunInCallOrder()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("writers");

        // Issued back to back without awaiting: each writer yields four times inside its turn, so any interleaving
        // would show as more than one writer inside at once.
        var calls = Enumerable.Range(0, 200).Select(grain.Enter).ToArray();
        var insideCounts = await Task.WhenAll(calls).WaitAsync(Patience);

        Assert.All(insideCounts, inside => Assert.Equal(1, inside));
        Assert.Equal(1, await grain.MaxConcurrency());
        Assert.Equal(Enumerable.Range(0, 200), await grain.Tickets());
    }

    [Fact]
    public async Task Invoke_TwoReadOnlyCalls_RunTogether()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("readers");

        // Each reader completes only when both are inside at once: this deadlocks unless readers interleave.
        var results = await Task.WhenAll(grain.ReadTogether(default), grain.ReadTogether(default)).WaitAsync(Patience);

        Assert.Equal([1, 2], results.Order());
    }

    [Fact]
    public async Task Invoke_WriterWhileAnotherWriterHoldsItsTurnAcrossAwaits_WaitsInMailbox()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("held-writer");
        var holder = grain.HoldUntilOpened("w1", default);
        await silo.Log.WhenRecorded("entered:w1").WaitAsync(Patience);

        var second = grain.Ping();

        // Queuing is synchronous with the call, so the mailbox shows whether the second writer was let in.
        Assert.Equal(1, silo.Catalog.Find(new GrainId("turn", "held-writer"))!.QueuedCount);
        Assert.False(second.IsCompleted);
        silo.Log.Open("w1");
        await holder.WaitAsync(Patience);
        Assert.Equal("pong:held-writer", await second.WaitAsync(Patience));
    }

    [Fact]
    public async Task Invoke_WriterQueuedBehindReader_RunsOnlyAfterReaderLeaves()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("reader-then-writer");
        var reader = grain.ReadUntilOpened("r1", default);
        await silo.Log.WhenRecorded("entered:r1").WaitAsync(Patience);

        var writer = grain.WriteAndCountReaders();

        Assert.Equal(1, silo.Catalog.Find(new GrainId("turn", "reader-then-writer"))!.QueuedCount);
        silo.Log.Open("r1");
        await reader.WaitAsync(Patience);
        Assert.Equal(0, await writer.WaitAsync(Patience));
    }

    [Fact]
    public async Task Invoke_ReaderQueuedBehindWriter_DoesNotOvertakeIt()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("fifo");
        var firstReader = grain.ReadUntilOpened("r1", default);
        await silo.Log.WhenRecorded("entered:r1").WaitAsync(Patience);

        var writer = grain.HoldUntilOpened("w1", default);
        var laterReader = grain.ReadUntilOpened("r2", default);

        // Readers may share a turn, but not by jumping a writer that is waiting: that would starve writers.
        Assert.Equal(2, silo.Catalog.Find(new GrainId("turn", "fifo"))!.QueuedCount);
        silo.Log.Open("r1");
        await silo.Log.WhenRecorded("entered:w1").WaitAsync(Patience);
        Assert.Equal(0, silo.Log.Count("entered:r2"));
        silo.Log.Open("w1");
        silo.Log.Open("r2");
        await Task.WhenAll(firstReader, writer, laterReader).WaitAsync(Patience);
        Assert.Equal(["entered:r1", "left:r1", "entered:w1", "left:w1", "entered:r2", "left:r2"], silo.Log.Events);
    }
}
