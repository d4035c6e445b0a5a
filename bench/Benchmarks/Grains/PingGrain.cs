using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Hosting.Cluster;

namespace OrleansAuth.Benchmarks.Grains;

// An embedded silo has no network identity, so the silo details are optional.
internal sealed class PingGrain(IServiceProvider services) : Grain, IPingGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value + 1);

    public Task<string> GetSilo() => Task.FromResult(services.GetService<ILocalSiloDetails>()?.SiloAddress.ToString() ?? "embedded");

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
