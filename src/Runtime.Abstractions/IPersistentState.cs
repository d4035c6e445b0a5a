namespace OrleansAuth.Runtime;

/// <summary>
/// Durable state of a grain (Orleans' IPersistentState). Loaded before <see cref="Grain.OnActivateAsync"/>.
/// Every write is conditional on <see cref="Version"/>: a write over a newer stored version throws
/// <see cref="InconsistentStateException"/> and the runtime drops the activation.
/// </summary>
public interface IPersistentState<TState>
    where TState : class, new()
{
    TState State { get; set; }

    /// <summary>Version of the stored record this state was read from or last written as; 0 when none exists.</summary>
    long Version { get; }

    /// <summary>Version as Orleans' ETag string; null when no record exists.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the state and records <paramref name="events"/> in one database transaction: both are stored or, when
    /// the write is stale (<see cref="InconsistentStateException"/>) or fails, neither is.
    /// </summary>
    Task WriteStateAsync(IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records <paramref name="events"/> that change no state, provided the stored state is still the one at
    /// <see cref="Version"/> (else <see cref="InconsistentStateException"/> and nothing is recorded), so a stale
    /// activation cannot report facts about state that has moved on. Where no record exists yet, a concurrent first
    /// write on PostgreSQL is not fenced: there is no row to lock.
    /// </summary>
    Task RecordEventsAsync(IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Resets the state to a new <typeparamref name="TState"/> and clears the stored record.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
