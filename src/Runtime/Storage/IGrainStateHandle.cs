namespace OrleansAuth.Runtime.Storage;

/// <summary>The runtime's untyped view of a grain's <see cref="IPersistentState{TState}"/>: loaded before activation.</summary>
internal interface IGrainStateHandle
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
