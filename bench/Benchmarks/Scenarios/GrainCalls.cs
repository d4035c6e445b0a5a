using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAuth.Benchmarks.Grains;
using OrleansAuth.Benchmarks.Harness;

namespace OrleansAuth.Benchmarks.Scenarios;

/// <summary>
/// Orleans grain call cost, each at concurrency 1 (latency), 8 and 64 (throughput), every worker calling its own
/// activation: co-hosted (the caller in the silo's process, as the API in embedded mode), client to silo over the
/// gateway's TCP connection (as an API node in client mode), and silo to silo (a 2-silo cluster on loopback; the
/// grains are picked so that every call crosses the silo connection).
/// </summary>
internal static class GrainCalls
{
    private static readonly int[] Concurrencies = [1, 8, 64];

    /// <summary>Calls into activations of the embedded silo from outside any grain, as the API's request handlers do.</summary>
    public static async Task RunCoHostedAsync(BenchSettings settings, Report report, IHost silo)
    {
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        await MeasureAsync(settings, report, "grain call, co-hosted", PickGrains(grains, "cohosted", Concurrencies.Max()));
    }

    /// <summary>A silo with a gateway and a client host in this process; calls go through the client's TCP connection.</summary>
    public static async Task RunClientToSiloAsync(BenchSettings settings, Report report)
    {
        var clusterId = OrleansHosts.NewClusterId();
        var endpoints = SiloEndpoints.Free();
        var silo = await OrleansHosts.StartSiloAsync(endpoints, clusterId);
        try
        {
            var client = await OrleansHosts.StartClientAsync(endpoints.GatewayPort, clusterId);
            try
            {
                var grains = client.Services.GetRequiredService<IClusterClient>();
                await MeasureAsync(settings, report, "grain call, client to silo (TCP)", PickGrains(grains, "client", Concurrencies.Max()));
            }
            finally
            {
                await OrleansHosts.StopAsync(client);
            }
        }
        finally
        {
            await OrleansHosts.StopAsync(silo);
        }
    }

    /// <summary>Two silos; the first calls grains activated on the second.</summary>
    public static async Task RunSiloToSiloAsync(BenchSettings settings, Report report)
    {
        var clusterId = OrleansHosts.NewClusterId();
        var primaryEndpoints = SiloEndpoints.Free();
        var primary = await OrleansHosts.StartSiloAsync(primaryEndpoints, clusterId);
        try
        {
            var secondary = await OrleansHosts.StartSiloAsync(SiloEndpoints.Free(), clusterId, primaryEndpoints);
            try
            {
                var callers = primary.Services.GetRequiredService<IGrainFactory>();
                var target = secondary.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
                var remote = new List<IPingGrain>();
                var deadline = DateTime.UtcNow.AddSeconds(60);
                for (var i = 0; remote.Count < Concurrencies.Max(); i++)
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        throw new InvalidOperationException($"Only {remote.Count} of {i} grains were placed on the second silo: is it a member?");
                    }

                    var grain = callers.GetGrain<IPingGrain>($"remote-{i}");
                    if (await grain.GetSilo() == target)
                    {
                        remote.Add(grain);
                    }
                }

                await MeasureAsync(settings, report, "grain call, silo to silo (TCP)", [.. remote]);
            }
            finally
            {
                await OrleansHosts.StopAsync(secondary);
            }
        }
        finally
        {
            await OrleansHosts.StopAsync(primary);
        }
    }

    private static IPingGrain[] PickGrains(IGrainFactory grains, string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => grains.GetGrain<IPingGrain>($"{prefix}-{i}"))];

    private static async Task MeasureAsync(BenchSettings settings, Report report, string name, IPingGrain[] grains)
    {
        var userId = Guid.NewGuid();
        var sessionId = Guid.NewGuid();
        foreach (var concurrency in Concurrencies)
        {
            var result = await Load.RunAsync(concurrency, settings.Warmup, settings.Duration, async (worker, i) =>
            {
                var reply = await grains[worker].Ping(new PingRequest(userId, sessionId, i)).ConfigureAwait(false);
                if (reply.Value != i + 1)
                {
                    throw new InvalidOperationException($"Ping {i} answered {reply.Value}.");
                }
            });
            report.AddLoad(name, concurrency, result);
        }
    }
}
