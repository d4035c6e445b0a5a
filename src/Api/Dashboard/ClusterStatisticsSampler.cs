using System.Diagnostics;
using OrleansAuth.Runtime.Statistics;

namespace OrleansAuth.Api.Dashboard;

/// <summary>
/// Samples the cluster's figures on demand and shares each sample for <see cref="MaxAge"/>, so any number of dashboard
/// tabs and scrapers cost at most one fan-out to the silos per second, and none while nobody asks ("profiling costs
/// little when nobody is watching"): there is no background timer.
/// </summary>
internal sealed class ClusterStatisticsSampler(IClusterStatistics statistics, TimeProvider timeProvider)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Entry? _latest;

    /// <summary>The newest sample, without asking anyone; null before the first.</summary>
    public ClusterSample? Latest => Volatile.Read(ref _latest)?.Sample;

    /// <summary>A sample at most <see cref="MaxAge"/> old, taking a new one if needed (concurrent callers share it).</summary>
    public async Task<ClusterSample> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh() is { } shared)
            {
                return shared;
            }

            var silos = await statistics.GetSiloStatisticsAsync(cancellationToken).ConfigureAwait(false);
            var previous = Volatile.Read(ref _latest);

            // Age and rates in real time (Stopwatch): they measure load, whatever clock the service runs on.
            var entry = new Entry(Stopwatch.GetTimestamp(), new ClusterSample(timeProvider.GetUtcNow(), silos, Rates(previous, silos)));
            Volatile.Write(ref _latest, entry);
            return entry.Sample;
        }
        finally
        {
            _gate.Release();
        }
    }

    private ClusterSample? Fresh() =>
        Volatile.Read(ref _latest) is { } latest && Stopwatch.GetElapsedTime(latest.Timestamp) < MaxAge ? latest.Sample : null;

    private static Dictionary<string, double> Rates(Entry? previous, IReadOnlyList<SiloStatistics> silos)
    {
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        if (previous is null)
        {
            return rates;
        }

        var seconds = Stopwatch.GetElapsedTime(previous.Timestamp).TotalSeconds;
        var before = previous.Sample.Silos
            .Where(silo => silo.Report is not null)
            .ToDictionary(silo => silo.Report!.Silo, silo => silo.Report!.TotalCalls, StringComparer.Ordinal);
        foreach (var silo in silos)
        {
            if (silo.Report is { } report && before.TryGetValue(report.Silo, out var calls) && seconds > 0)
            {
                rates[report.Silo] = Math.Max(0, report.TotalCalls - calls) / seconds;
            }
        }

        return rates;
    }

    private sealed record Entry(long Timestamp, ClusterSample Sample);
}
