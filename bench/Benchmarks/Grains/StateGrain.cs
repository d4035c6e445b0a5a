namespace OrleansAuth.Benchmarks.Grains;

internal sealed class StateGrain([PersistentState("bench")] IPersistentState<BenchState> state) : Grain, IStateGrain
{
    public async Task<long> Write(int value)
    {
        state.State.Value = value;
        state.State.Writes++;
        await state.WriteStateAsync();
        return state.Version;
    }
}
