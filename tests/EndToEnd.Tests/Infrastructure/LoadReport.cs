using System.Globalization;

namespace OrleansAuth.EndToEnd.Tests.Infrastructure;

/// <summary>Figures of one load run, from its request records.</summary>
internal sealed class LoadReport(IReadOnlyList<RequestRecord> records)
{
    public IReadOnlyList<RequestRecord> Records => records;

    public int Total => records.Count;

    public int Failed => records.Count(r => r.Failed);

    public double FailedPercent => Total == 0 ? 0 : 100.0 * Failed / Total;

    /// <summary>503s without Retry-After or without a problem+json body with a code.</summary>
    public int Malformed => records.Count(r => !r.WellFormed);

    /// <summary>When the last failed request of those started at or after <paramref name="from"/> ended; null if none failed.</summary>
    public TimeSpan? LastFailureEnd(TimeSpan from) =>
        records.Where(r => r.Failed && r.StartedAt >= from).Select(r => (TimeSpan?)r.EndedAt).Max();

    /// <summary>The longest request among those started within [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public TimeSpan LongestBetween(TimeSpan from, TimeSpan to) =>
        records.Where(r => r.StartedAt >= from && r.StartedAt < to).Select(r => r.Duration).DefaultIfEmpty().Max();

    public int CountBetween(TimeSpan from, TimeSpan to, Func<RequestRecord, bool> predicate) =>
        records.Count(r => r.StartedAt >= from && r.StartedAt < to && predicate(r));

    public string Summary() =>
        string.Create(CultureInfo.InvariantCulture, $"{Total} requests, {Failed} failed ({FailedPercent:F2} %); by status: ")
        + string.Join(", ", records.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))
        + "; by operation: "
        + string.Join(", ", records.GroupBy(r => r.Operation).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count(r => r.Failed)}/{g.Count()} failed"));

    /// <summary>Failed requests per second from <paramref name="from"/>, with their operations and statuses, for diagnosis.</summary>
    public string FailureTimeline(TimeSpan from) =>
        string.Join("; ", records.Where(r => r.Failed && r.StartedAt >= from)
            .GroupBy(r => (int)(r.StartedAt - from).TotalSeconds)
            .OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"+{g.Key}s: ")
                + string.Join(" ", g.GroupBy(r => $"{r.Operation}:{r.Status}").Select(k => $"{k.Key}×{k.Count()}"))));
}
