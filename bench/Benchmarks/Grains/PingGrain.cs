namespace OrleansAuth.Benchmarks.Grains;

[GrainType("bench-ping")]
internal sealed class PingGrain(ILocalSiloDetails silo) : Grain, IPingGrain
{
    public Task<PingReply> Ping(PingRequest request) => Task.FromResult(new PingReply(request.Value + 1));

    public Task<SiloAddress> GetSilo() => Task.FromResult(silo.SiloAddress);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
