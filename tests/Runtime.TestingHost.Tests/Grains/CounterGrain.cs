using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.TestingHost.Tests.Infrastructure;

namespace OrleansAuth.Runtime.TestingHost.Tests.Grains;

internal sealed class CounterGrain(
    [PersistentState("counter")] IPersistentState<CounterState> state,
    ClusterEvents events,
    ILocalSiloDetails silo) : Grain, ICounterGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        events.Record($"activated:{GrainKey}:{silo.SiloAddress}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        events.Record($"deactivated:{GrainKey}:{silo.SiloAddress}:{reason}");
        return Task.CompletedTask;
    }

    public async Task<int> Add(int amount)
    {
        state.State.Value += amount;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<string> GetSilo() => Task.FromResult(silo.SiloAddress.ToString());

    public async Task<int> AddAfterGate(int amount, string gate)
    {
        events.Record($"entered:{gate}:{silo.SiloAddress}");
        await events.Gate(gate);
        return await Add(amount);
    }

    public async Task<int> GetAfterGate(string gate)
    {
        events.Record($"entered:{gate}:{silo.SiloAddress}");
        await events.Gate(gate);
        return state.State.Value;
    }
}
