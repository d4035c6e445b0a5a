using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Hosting.Storage;

/// <summary>
/// The registered <see cref="IGrainStateStore"/>: the provider's store behind the <see cref="DatabaseCircuitBreaker"/>,
/// so an unreachable database surfaces as <see cref="StorageUnavailableException"/> and fails fast while it is down.
/// </summary>
internal sealed class ResilientGrainStorage(IGrainStateStore inner, DatabaseCircuitBreaker breaker) : IGrainStateStore, IGrainEventStore
{
    private readonly IGrainEventStore _events = (IGrainEventStore)inner;

    /// <summary>The provider's store.</summary>
    public IGrainStateStore Inner => inner;

    public Task<GrainStateRecord?> ReadAsync(GrainRowKey grainId, string stateName, CancellationToken cancellationToken) =>
        breaker.ExecuteAsync(token => inner.ReadAsync(grainId, stateName, token), cancellationToken);

    public Task<long> WriteAsync(GrainRowKey grainId, string stateName, ReadOnlyMemory<byte> payload, long expectedVersion, CancellationToken cancellationToken) =>
        breaker.ExecuteAsync(token => inner.WriteAsync(grainId, stateName, payload, expectedVersion, token), cancellationToken);

    public Task<long> WriteAsync(GrainRowKey grainId, string stateName, ReadOnlyMemory<byte> payload, long expectedVersion, IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken) =>
        breaker.ExecuteAsync(token => inner.WriteAsync(grainId, stateName, payload, expectedVersion, events, token), cancellationToken);

    public Task AppendEventsAsync(GrainRowKey grainId, string stateName, long expectedVersion, IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken) =>
        breaker.ExecuteAsync(
            async token =>
            {
                await inner.AppendEventsAsync(grainId, stateName, expectedVersion, events, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    public Task<long> ClearAsync(GrainRowKey grainId, string stateName, long expectedVersion, CancellationToken cancellationToken) =>
        breaker.ExecuteAsync(token => inner.ClearAsync(grainId, stateName, expectedVersion, token), cancellationToken);

    public Task<IReadOnlyList<StoredGrainEvent>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        breaker.ExecuteAsync(token => _events.ReadAsync(afterSequence, maxCount, token), cancellationToken);

    public Task<IReadOnlyList<StoredGrainEvent>> ReadGrainAsync(GrainRowKey grainId, CancellationToken cancellationToken) =>
        breaker.ExecuteAsync(token => _events.ReadGrainAsync(grainId, token), cancellationToken);
}
