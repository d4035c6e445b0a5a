using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAuth.Benchmarks.Grains;
using OrleansAuth.Benchmarks.Harness;

namespace OrleansAuth.Benchmarks.Scenarios;

/// <summary>Grain call cost: in-process (embedded silo) and silo to silo over the TCP transport.</summary>
internal static class GrainCalls
{
    private const int Concurrency = 64;

    public static async Task RunLocalAsync(BenchSettings settings, Report report, IHost silo)
    {
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var one = grains.GetGrain<IPingGrain>("local");
        report.AddLoad("grain call, local", 1, await Load.RunAsync(1, settings.Warmup, settings.Duration, (_, i) => one.Ping((int)i)));

        var many = Enumerable.Range(0, Concurrency).Select(i => grains.GetGrain<IPingGrain>($"local-{i}")).ToArray();
        report.AddLoad("grain call, local", Concurrency, await Load.RunAsync(Concurrency, settings.Warmup, settings.Duration, (w, i) => many[w].Ping((int)i)));
    }

    public static async Task RunRemoteAsync(BenchSettings settings, Report report, string workDirectory)
    {
        await using var cluster = await BenchHosts.StartClusterAsync(2, Path.Combine(workDirectory, "cluster.db"));
        var caller = cluster.Silos[0];
        var target = cluster.Silos[1].SiloAddress.ToString();
        var grains = caller.GrainFactory;

        // Grains that live on the other silo, so every call crosses the socket (caller → owner → caller).
        var remote = new List<IPingGrain>();
        for (var i = 0; remote.Count < Concurrency; i++)
        {
            var grain = grains.GetGrain<IPingGrain>($"remote-{i}");
            if (await grain.GetSilo() == target)
            {
                remote.Add(grain);
            }
        }

        foreach (var concurrency in (int[])[1, 8, Concurrency])
        {
            report.AddLoad("grain call, silo to silo (TCP)", concurrency, await Load.RunAsync(concurrency, settings.Warmup, settings.Duration, (w, i) => remote[w].Ping((int)i)));
        }
    }
}
