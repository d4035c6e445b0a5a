using System.Globalization;

namespace OrleansAuth.Benchmarks.Harness;

/// <summary>
/// Collects figures as they are measured: each is printed at once (so a slow run shows progress) and appended to the
/// tab-separated file bench/run.sh turns into the results table (name, value, unit, note).
/// </summary>
internal sealed class Report(string? outputPath)
{
    public void Add(string name, double value, string unit, string note = "")
    {
        var formatted = value.ToString(value >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture);
        Console.WriteLine($"{name,-48} {formatted,12} {unit,-10} {note}");
        if (outputPath is not null)
        {
            File.AppendAllText(outputPath, $"{name}\t{formatted}\t{unit}\t{note}\n");
        }
    }

    public void AddLoad(string name, int concurrency, LoadResult result)
    {
        Add($"{name}: throughput", result.PerSecond, "ops/s", $"concurrency {concurrency}, {result.Operations} ops in {result.Seconds:F1} s");
        Add($"{name}: p50", result.P50Micros, "µs", $"concurrency {concurrency}");
        Add($"{name}: p99", result.P99Micros, "µs", $"concurrency {concurrency}");
        Add($"{name}: CPU per call", result.CpuMicrosPerOperation, "µs", $"concurrency {concurrency}, whole process");
    }
}
