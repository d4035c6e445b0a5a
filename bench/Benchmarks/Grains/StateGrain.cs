using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Benchmarks.Grains;

/// <summary>Writes through the service's own storage provider (<see cref="GrainStorageProviders.Auth"/>), as the user grain does.</summary>
[GrainType("bench-state")]
internal sealed class StateGrain([PersistentState("bench", GrainStorageProviders.Auth)] IPersistentState<BenchState> state) : Grain, IStateGrain
{
    public async Task<string?> Write(int value)
    {
        state.State.Value = value;
        state.State.Writes++;
        await state.WriteStateAsync();
        return state.Etag;
    }
}
