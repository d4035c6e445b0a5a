using System.Diagnostics;

namespace OrleansAuth.Benchmarks.Harness;

/// <summary>
/// A closed-loop load: <c>concurrency</c> workers each run the operation back to back. The first <c>warmup</c> is
/// discarded (JIT, tiered compilation, connection pools, activations); only the following <c>duration</c> counts.
/// Every operation's latency is kept, so the percentiles are exact rather than sampled.
/// </summary>
internal static class Load
{
    public static async Task<LoadResult> RunAsync(int concurrency, TimeSpan warmup, TimeSpan duration, Func<int, long, Task> operation)
    {
        var measuring = 0;
        var stop = 0;
        var latencies = new List<long>[concurrency];
        var counts = new long[concurrency];
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var worker = w;
            latencies[worker] = new List<long>(16_384);
            workers[worker] = Task.Run(async () =>
            {
                for (long i = 0; Volatile.Read(ref stop) == 0; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await operation(worker, i).ConfigureAwait(false);
                    if (Volatile.Read(ref measuring) == 1)
                    {
                        latencies[worker].Add(Stopwatch.GetTimestamp() - started);
                        counts[worker]++;
                    }
                }
            });
        }

        await Task.Delay(warmup).ConfigureAwait(false);
        var cpu = ProcessCpu();
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(duration).ConfigureAwait(false);
        Volatile.Write(ref measuring, 0);
        var seconds = clock.Elapsed.TotalSeconds;
        cpu = ProcessCpu() - cpu;
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(workers).ConfigureAwait(false);

        var all = latencies.SelectMany(list => list).ToArray();
        Array.Sort(all);
        var operations = counts.Sum();
        return new LoadResult(operations, seconds, Percentile(all, 0.50), Percentile(all, 0.99), cpu.TotalMicroseconds / Math.Max(1, operations));
    }

    /// <summary>CPU time (user + system, every thread) this process has used so far.</summary>
    public static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Runs <paramref name="operation"/> <paramref name="count"/> times over at most <paramref name="parallelism"/> at once; returns the wall time.</summary>
    public static async Task<TimeSpan> ForEachAsync(int count, int parallelism, Func<int, Task> operation)
    {
        var clock = Stopwatch.StartNew();
        var next = -1;
        var workers = Enumerable.Range(0, parallelism).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await operation(i).ConfigureAwait(false);
            }
        }));
        await Task.WhenAll(workers).ConfigureAwait(false);
        return clock.Elapsed;
    }

    private static double Percentile(long[] sortedTicks, double quantile)
    {
        if (sortedTicks.Length == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Min(sortedTicks.Length - 1, Math.Ceiling(quantile * sortedTicks.Length) - 1);
        return sortedTicks[Math.Max(0, index)] * 1_000_000.0 / Stopwatch.Frequency;
    }
}
