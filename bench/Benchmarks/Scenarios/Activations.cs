using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAuth.Benchmarks.Grains;
using OrleansAuth.Benchmarks.Harness;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Grains.Users;

namespace OrleansAuth.Benchmarks.Scenarios;

/// <summary>
/// Activation cost and the memory an idle activation keeps: N grains are activated (one call each) and left idle; the
/// managed heap after a full blocking GC, before and after, divided by N. For user grains the state an account of no
/// user holds (an empty <see cref="UserState"/>) is measured the same way and subtracted: what is left is the runtime's
/// share (DESIGN.md §6: ≤ 4 KiB).
/// </summary>
internal static class Activations
{
    private const int Parallelism = 64;

    public static async Task RunAsync(BenchSettings settings, Report report, IHost silo)
    {
        var n = settings.Activations;
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var run = Guid.NewGuid().ToString("N")[..8];

        var before = HeapAfterFullCollection();
        var activation = await Load.ForEachAsync(n, Parallelism, i => grains.GetGrain<IPingGrain>($"{run}-idle-{i}").Ping(new PingRequest(Guid.Empty, Guid.Empty, i)));
        var pingBytes = (HeapAfterFullCollection() - before) / (double)n;
        report.Add("activation: stateless grain, wall time each", activation.TotalMicroseconds / n, "µs", $"{n} activations, {Parallelism} in flight");
        report.Add("activation: memory per idle stateless grain", pingBytes, "bytes", $"GC heap delta ÷ {n}");

        var baseline = await management.GetTotalActivationCount() - n;
        var deactivation = Stopwatch.StartNew();
        await Load.ForEachAsync(n, Parallelism, i => grains.GetGrain<IPingGrain>($"{run}-idle-{i}").Deactivate());
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await management.GetTotalActivationCount() > baseline && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        report.Add("deactivation: stateless grain, wall time each", deactivation.Elapsed.TotalMicroseconds / n, "µs", "call Deactivate until the silo's activation count is back to its size");

        before = HeapAfterFullCollection();
        var userActivation = await Load.ForEachAsync(n, Parallelism, i =>
            grains.GetGrain<IUserGrain>($"idle-{run}-{i}@bench.invalid").ValidateSessionAsync(Guid.Empty, Guid.Empty));
        var userBytes = (HeapAfterFullCollection() - before) / (double)n;
        report.Add("activation: user grain (state read), wall time each", userActivation.TotalMicroseconds / n, "µs", $"{n} activations, each reads its row");
        report.Add("activation: memory per idle user grain", userBytes, "bytes", "includes its (empty) UserState");

        var stateBytes = EmptyStateBytes(n);
        report.Add("activation: memory per idle user grain beyond state", userBytes - stateBytes, "bytes", $"minus {stateBytes:F0} bytes of empty UserState; target ≤ 4096");
    }

    private static double EmptyStateBytes(int n)
    {
        var before = HeapAfterFullCollection();
        var states = new UserState[n];
        for (var i = 0; i < n; i++)
        {
            states[i] = new UserState();
        }

        var bytes = (HeapAfterFullCollection() - before) / (double)n - IntPtr.Size;
        GC.KeepAlive(states);
        return bytes;
    }

    private static long HeapAfterFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }
}
