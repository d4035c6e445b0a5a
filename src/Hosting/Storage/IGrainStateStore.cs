namespace OrleansAuth.Hosting.Storage;

/// <summary>
/// Durable grain state rows keyed by (cluster, grain type, grain key, state name), versioned for optimistic
/// concurrency. Version 0 means "no record"; every successful write or clear returns the next version.
/// </summary>
public interface IGrainStateStore
{
    /// <summary>Reads a record; null when none was ever written. A cleared record has a null payload and its version.</summary>
    Task<GrainStateRecord?> ReadAsync(GrainRowKey grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="payload"/> if the stored version equals <paramref name="expectedVersion"/> (0: no record).
    /// Returns the new version; throws <see cref="Orleans.Storage.InconsistentStateException"/> when another writer got there first.
    /// </summary>
    Task<long> WriteAsync(GrainRowKey grainId, string stateName, ReadOnlyMemory<byte> payload, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="WriteAsync(GrainRowKey, string, ReadOnlyMemory{byte}, long, CancellationToken)"/>, and inserts
    /// <paramref name="events"/> into the grain_events outbox in the same transaction, stamped with the new version.
    /// A stale write inserts no events.
    /// </summary>
    Task<long> WriteAsync(GrainRowKey grainId, string stateName, ReadOnlyMemory<byte> payload, long expectedVersion, IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts <paramref name="events"/> without changing the state, if the stored version still equals
    /// <paramref name="expectedVersion"/> (0: no record); otherwise throws <see cref="Orleans.Storage.InconsistentStateException"/>.
    /// </summary>
    Task AppendEventsAsync(GrainRowKey grainId, string stateName, long expectedVersion, IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Clears the payload under the same version check, keeping the row as a tombstone so that a writer holding an
    /// older version can never resurrect state. Returns the new version (0 when there was no record).
    /// </summary>
    Task<long> ClearAsync(GrainRowKey grainId, string stateName, long expectedVersion, CancellationToken cancellationToken);
}
