using System.Diagnostics;
using System.Net;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Hosting;

namespace OrleansAuth.Runtime.Statistics;

/// <summary>The figures of an embedded silo (no transport, no membership): one silo, read in-process.</summary>
internal sealed class LocalClusterStatistics(SiloRuntimeReporter reporter, ISiloStatusProvider status) : IClusterStatistics
{
    // An embedded silo has no network identity; this one names the process (its start is the generation).
    private readonly SiloAddress _identity = new(Dns.GetHostName(), 0, new DateTimeOffset(Process.GetCurrentProcess().StartTime).ToUnixTimeMilliseconds());

    public Task<IReadOnlyList<SiloStatistics>> GetSiloStatisticsAsync(CancellationToken cancellationToken)
    {
        const string name = "embedded";
        var report = reporter.Take(_identity.ToString(), name);
        IReadOnlyList<SiloStatistics> result = [new SiloStatistics(_identity, name, status.Status.ToString(), report, null)];
        return Task.FromResult(result);
    }
}
