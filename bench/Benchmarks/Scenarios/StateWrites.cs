using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAuth.Benchmarks.Grains;
using OrleansAuth.Benchmarks.Harness;

namespace OrleansAuth.Benchmarks.Scenarios;

/// <summary>Durable, version-checked state writes through a grain: one writer (latency) and 16 grains writing at once.</summary>
internal static class StateWrites
{
    private const int Concurrency = 16;

    public static async Task RunAsync(BenchSettings settings, Report report, IHost silo, string database)
    {
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var run = Guid.NewGuid().ToString("N")[..8];
        var one = grains.GetGrain<IStateGrain>($"{run}-single");
        report.AddLoad($"state write, {database}", 1, await Load.RunAsync(1, settings.Warmup, settings.Duration, (_, i) => one.Write((int)i)));

        var many = Enumerable.Range(0, Concurrency).Select(i => grains.GetGrain<IStateGrain>($"{run}-{i}")).ToArray();
        report.AddLoad($"state write, {database}", Concurrency, await Load.RunAsync(Concurrency, settings.Warmup, settings.Duration, (w, i) => many[w].Write((int)i)));
    }
}
