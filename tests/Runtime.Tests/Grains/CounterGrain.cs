using OrleansAuth.Runtime.Tests.Infrastructure;

namespace OrleansAuth.Runtime.Tests.Grains;

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state, TurnLog log) : Grain, ICounterGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The value seen here proves the state was loaded before activation completed.
        log.Record($"activated:{GrainKey}:{state.State.Value}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Record($"deactivated:{GrainKey}:{reason}");
        return Task.CompletedTask;
    }

    public async Task<int> Add(int amount)
    {
        state.State.Value += amount;
        state.State.History.Add(amount);
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<long> GetVersion() => Task.FromResult(state.Version);

    public Task<int> AddInMemory(int amount) => Task.FromResult(state.State.Value += amount);

    public async Task<int> AddAfterGate(int amount, string gate)
    {
        log.Record($"entered:{gate}");
        await log.Gate(gate);
        return await Add(amount);
    }

    public Task Clear() => state.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
