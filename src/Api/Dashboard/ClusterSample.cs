using OrleansAuth.Runtime.Statistics;

namespace OrleansAuth.Api.Dashboard;

/// <summary>The figures of every silo at one moment, with each silo's grain calls per second since the sample before.</summary>
/// <param name="TakenAt">When the sample was taken (this node's clock).</param>
/// <param name="Silos">Every member and its report (or why it has none).</param>
/// <param name="CallsPerSecond">Per silo identity (<c>host:port@generation</c>); absent for a silo's first sample.</param>
internal sealed record ClusterSample(DateTimeOffset TakenAt, IReadOnlyList<SiloStatistics> Silos, IReadOnlyDictionary<string, double> CallsPerSecond);
