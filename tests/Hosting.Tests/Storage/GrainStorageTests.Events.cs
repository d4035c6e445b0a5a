using System.Text.Json;
using OrleansAuth.Hosting.Storage;

using Orleans.Storage;

namespace OrleansAuth.Hosting.Tests.Storage;

/// <summary>The grain_events outbox: events commit exactly with the state write that carries them.</summary>
public abstract partial class GrainStorageTests<TFixture>
{
    [Fact]
    public async Task WriteAsync_WithEvents_StoresEventsStampedWithNewVersionInOrder()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var first = Event("test.created", "one");
        var second = Event("test.changed", "two");

        await storage.WriteAsync(grainId, StateName, Payload("v1"), 0, [first, second], CancellationToken.None);
        await storage.WriteAsync(grainId, StateName, Payload("v2"), 1, [Event("test.changed", "three")], CancellationToken.None);

        var events = await EventStore(storage).ReadGrainAsync(grainId, CancellationToken.None);
        Assert.Equal(["one", "two", "three"], events.Select(e => Text(e.Event)));
        Assert.Equal([1L, 1L, 2L], events.Select(e => e.StateVersion));
        Assert.True(events[0].Sequence < events[1].Sequence && events[1].Sequence < events[2].Sequence);
        Assert.Equal(first.Id, events[0].Event.Id);
        Assert.Equal(first.Type, events[0].Event.Type);
        Assert.Equal(first.OccurredAt, events[0].Event.OccurredAt);
        Assert.All(events, e => Assert.Equal(grainId, e.GrainRowKey));
        Assert.All(events, e => Assert.Null(e.DeliveredAt));
    }

    [Fact]
    public async Task WriteAsync_StaleWithEvents_ThrowsAndStoresNoEvents()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        await storage.WriteAsync(grainId, StateName, Payload("v1"), 0, [Event("test.created", "kept")], CancellationToken.None);
        await storage.WriteAsync(grainId, StateName, Payload("v2"), 1, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(grainId, StateName, Payload("stale"), 1, [Event("test.changed", "lost")], CancellationToken.None));
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(grainId, StateName, Payload("stale insert"), 0, [Event("test.created", "lost insert")], CancellationToken.None));

        var events = await EventStore(storage).ReadGrainAsync(grainId, CancellationToken.None);
        Assert.Equal(["kept"], events.Select(e => Text(e.Event)));
        await AssertStoredAsync(storage, grainId, "v2", 2);
    }

    [Fact]
    public async Task WriteAsync_ConcurrentWritersWithEvents_OnlyWinnersEventsAreStored()
    {
        var storages = new[] { CreateStorage(), CreateStorage(CreateDatabase(Fixture.ConnectionString)) };
        var grainId = NewGrainId();
        var winners = new List<string>();
        long version = 0;
        for (var round = 0; round < 10; round++)
        {
            var expected = version;
            var attempts = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
            {
                var text = $"round {round} writer {writer}";
                try
                {
                    await storages[writer % 2].WriteAsync(grainId, StateName, Payload(text), expected, [Event("test.changed", text)], CancellationToken.None);
                    return text;
                }
                catch (InconsistentStateException)
                {
                    return null;
                }
            }));

            winners.Add(Assert.Single((await Task.WhenAll(attempts)).OfType<string>()));
            version = expected + 1;
        }

        var events = await EventStore(storages[0]).ReadGrainAsync(grainId, CancellationToken.None);
        Assert.Equal(winners, events.Select(e => Text(e.Event)));
        Assert.Equal(Enumerable.Range(1, 10).Select(v => (long)v), events.Select(e => e.StateVersion));
    }

    [Fact]
    public async Task AppendEventsAsync_CurrentVersion_StoresEventsWithoutChangingState()
    {
        var storage = CreateStorage();
        var unknown = NewGrainId();
        var existing = NewGrainId();
        await storage.WriteAsync(existing, StateName, Payload("v1"), 0, CancellationToken.None);

        await storage.AppendEventsAsync(unknown, StateName, 0, [Event("test.noticed", "no state")], CancellationToken.None);
        await storage.AppendEventsAsync(existing, StateName, 1, [Event("test.noticed", "at v1")], CancellationToken.None);

        Assert.Null(await storage.ReadAsync(unknown, StateName, CancellationToken.None));
        await AssertStoredAsync(storage, existing, "v1", 1);
        var unknownEvents = await EventStore(storage).ReadGrainAsync(unknown, CancellationToken.None);
        Assert.Equal(0, Assert.Single(unknownEvents).StateVersion);
        var existingEvents = await EventStore(storage).ReadGrainAsync(existing, CancellationToken.None);
        Assert.Equal(1, Assert.Single(existingEvents).StateVersion);
    }

    [Fact]
    public async Task AppendEventsAsync_StaleVersion_ThrowsAndStoresNothing()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        await storage.WriteAsync(grainId, StateName, Payload("v1"), 0, CancellationToken.None);

        var stale = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.AppendEventsAsync(grainId, StateName, 0, [Event("test.noticed", "stale")], CancellationToken.None));

        Assert.Equal("1", stale.StoredEtag);
        Assert.Empty(await EventStore(storage).ReadGrainAsync(grainId, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_AfterSequence_PagesInSequenceOrderWithinCluster()
    {
        var connectionString = await Fixture.CreateDatabaseAsync();
        await MigrateAsync(connectionString);
        var database = CreateDatabase(connectionString);
        var storage = CreateStorage(database, "cluster-a");
        var otherCluster = CreateStorage(database, "cluster-b");
        for (var i = 0; i < 5; i++)
        {
            await storage.WriteAsync(NewGrainId(), StateName, Payload("x"), 0, [Event("test.created", $"a{i}")], CancellationToken.None);
            await otherCluster.WriteAsync(NewGrainId(), StateName, Payload("x"), 0, [Event("test.created", $"b{i}")], CancellationToken.None);
        }

        var firstPage = await EventStore(storage).ReadAsync(0, 3, CancellationToken.None);
        var secondPage = await EventStore(storage).ReadAsync(firstPage[^1].Sequence, 3, CancellationToken.None);

        Assert.Equal(["a0", "a1", "a2"], firstPage.Select(e => Text(e.Event)));
        Assert.Equal(["a3", "a4"], secondPage.Select(e => Text(e.Event)));
    }

    [Fact]
    public async Task WriteAsync_UnstorableEvent_ThrowsArgumentExceptionAndWritesNothing()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var tooMany = Enumerable.Range(0, 101).Select(i => Event("test.created", $"{i}")).ToArray();

        await Assert.ThrowsAsync<ArgumentException>(() => storage.WriteAsync(grainId, StateName, Payload("x"), 0, tooMany, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => storage.WriteAsync(grainId, StateName, Payload("x"), 0, [Event("", "no type")], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => storage.AppendEventsAsync(grainId, StateName, 0, [Event("test\0", "nul")], CancellationToken.None));

        Assert.Null(await storage.ReadAsync(grainId, StateName, CancellationToken.None));
        Assert.Empty(await EventStore(storage).ReadGrainAsync(grainId, CancellationToken.None));
    }

    private static IGrainEventStore EventStore(IGrainStateStore storage) => (IGrainEventStore)storage;

    private static GrainEvent Event(string type, string text) =>
        new(Guid.CreateVersion7(), type, new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = text }));

    private static string Text(GrainEvent grainEvent) =>
        JsonDocument.Parse(grainEvent.Data).RootElement.GetProperty("text").GetString()!;
}
