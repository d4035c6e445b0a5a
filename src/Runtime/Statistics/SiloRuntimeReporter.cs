using System.Diagnostics;

namespace OrleansAuth.Runtime.Statistics;

/// <summary>
/// Takes this silo's <see cref="SiloRuntimeReport"/>. CPU usage is the process time spent between two reports divided
/// by the wall time between them, so the cost of profiling is paid per report, never in the background.
/// </summary>
internal sealed class SiloRuntimeReporter(IGrainRuntimeStatistics statistics, TimeProvider timeProvider)
{
    private readonly Lock _cpuLock = new();
    private TimeSpan _lastCpu;
    private long _lastTimestamp;

    public SiloRuntimeReport Take(string silo, string name)
    {
        using var process = Process.GetCurrentProcess();
        return new SiloRuntimeReport(
            silo,
            name,
            timeProvider.GetUtcNow(),
            statistics.ActivationCount,
            statistics.GetActivationCounts(),
            statistics.GetMethodStatistics(),
            SampleCpu(process),
            process.WorkingSet64,
            GC.GetTotalMemory(forceFullCollection: false));
    }

    private double SampleCpu(Process process)
    {
        lock (_cpuLock)
        {
            // Wall time from Stopwatch, not the TimeProvider: CPU time is real time whatever clock the runtime uses.
            var cpu = process.TotalProcessorTime;
            var now = Stopwatch.GetTimestamp();
            var wall = _lastTimestamp == 0 ? DateTime.Now - process.StartTime : Stopwatch.GetElapsedTime(_lastTimestamp, now);

            var used = cpu - _lastCpu;
            _lastCpu = cpu;
            _lastTimestamp = now;
            return wall <= TimeSpan.Zero ? 0 : Math.Clamp(used / wall / Environment.ProcessorCount, 0, 1);
        }
    }
}
