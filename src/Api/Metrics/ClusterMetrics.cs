using System.Diagnostics.Metrics;
using OrleansAuth.Api.Dashboard;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Statistics;

namespace OrleansAuth.Api.Metrics;

/// <summary>
/// The cluster's figures as observable instruments: per-silo activations, CPU and memory, grain calls, errors and
/// latency per grain method, membership size. They read the <see cref="ClusterStatisticsSampler"/>'s latest sample
/// (the /metrics handler refreshes it before collecting), so a scrape never blocks on the network inside a callback.
/// </summary>
internal sealed class ClusterMetrics
{
    public const string MeterName = "OrleansAuth.Cluster";

    private readonly ClusterStatisticsSampler _sampler;
    private readonly IClusterMembershipService? _membership;

    public ClusterMetrics(IMeterFactory meterFactory, ClusterStatisticsSampler sampler, IServiceProvider services)
    {
        _sampler = sampler;
        _membership = services.GetService<IClusterMembershipService>();
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("orleansauth.cluster.members", ObserveMembers, description: "Silos in the membership view by status (embedded: the one local silo).");
        meter.CreateObservableGauge("orleansauth.silo.activations", () => PerSilo(r => r.Activations.Select(p => Tagged(p.Value, r, ("grain_type", p.Key)))),
            description: "Grain activations alive per silo and grain type.");
        meter.CreateObservableGauge("orleansauth.silo.cpu_usage", () => PerSilo(r => [Tagged(r.CpuUsage, r)]),
            unit: "1", description: "Share of the machine's processors the silo process used since it was last sampled (0-1).");
        meter.CreateObservableGauge("orleansauth.silo.memory.working_set", () => PerSilo(r => [Tagged((double)r.WorkingSetBytes, r)]),
            unit: "By", description: "Resident memory of the silo process.");
        meter.CreateObservableCounter("orleansauth.grain.calls", () => PerMethod(m => m.Calls),
            description: "Grain calls completed per silo, grain type and method.");
        meter.CreateObservableCounter("orleansauth.grain.errors", () => PerMethod(m => m.Errors),
            description: "Grain calls that failed per silo, grain type and method.");
        meter.CreateObservableCounter("orleansauth.grain.call_time", () => PerMethod(m => m.TotalLatency.TotalSeconds),
            unit: "s", description: "Total time spent in grain calls per silo, grain type and method (divide by calls for the mean).");
        meter.CreateObservableGauge("orleansauth.grain.latency.p50", () => PerMethod(m => m.LatencyP50.TotalSeconds),
            unit: "s", description: "Median grain call latency since the silo started (upper bound of a power-of-two bucket).");
        meter.CreateObservableGauge("orleansauth.grain.latency.p99", () => PerMethod(m => m.LatencyP99.TotalSeconds),
            unit: "s", description: "99th percentile grain call latency since the silo started (upper bound of a power-of-two bucket).");
    }

    private IEnumerable<Measurement<int>> ObserveMembers()
    {
        if (_membership is null)
        {
            return _sampler.Latest is { } sample ? sample.Silos.GroupBy(s => s.Status).Select(g => new Measurement<int>(g.Count(), Tag("status", g.Key))) : [];
        }

        return _membership.CurrentSnapshot.Members.Values
            .GroupBy(member => member.Status)
            .Select(group => new Measurement<int>(group.Count(), Tag("status", group.Key.ToString())));
    }

    private IEnumerable<Measurement<double>> PerSilo(Func<SiloRuntimeReport, IEnumerable<Measurement<double>>> measure) =>
        _sampler.Latest is { } sample ? sample.Silos.Where(s => s.Report is not null).SelectMany(s => measure(s.Report!)) : [];

    private IEnumerable<Measurement<double>> PerMethod(Func<GrainMethodStatistics, double> value) =>
        PerSilo(report => report.Methods.Select(method => Tagged(
            value(method), report, ("grain_type", method.GrainType), ("interface", method.InterfaceName), ("method", method.MethodName))));

    private static Measurement<double> Tagged(double value, SiloRuntimeReport report, params (string Key, string Value)[] tags)
    {
        var all = new KeyValuePair<string, object?>[tags.Length + 2];
        all[0] = Tag("silo", report.Silo);
        all[1] = Tag("silo_name", report.Name);
        for (var i = 0; i < tags.Length; i++)
        {
            all[i + 2] = Tag(tags[i].Key, tags[i].Value);
        }

        return new Measurement<double>(value, all);
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
