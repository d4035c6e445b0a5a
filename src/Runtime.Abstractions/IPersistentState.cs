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

    /// <summary>Resets the state to a new <typeparamref name="TState"/> and clears the stored record.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
