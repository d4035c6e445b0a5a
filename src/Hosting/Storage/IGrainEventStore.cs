namespace OrleansAuth.Hosting.Storage;

/// <summary>
/// Reads the grain_events outbox of this cluster: what event delivery, the audit log and tests consume. Rows are
/// written only by <see cref="IGrainStateStore"/>, together with the state changes they describe.
/// </summary>
public interface IGrainEventStore
{
    /// <summary>Events with a sequence greater than <paramref name="afterSequence"/>, in sequence order, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<StoredGrainEvent>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>Every event of one grain, in sequence order.</summary>
    Task<IReadOnlyList<StoredGrainEvent>> ReadGrainAsync(GrainRowKey grainId, CancellationToken cancellationToken);
}
