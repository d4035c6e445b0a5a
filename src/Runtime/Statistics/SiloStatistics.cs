using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Statistics;

/// <summary>A member of the cluster and its report, or why its report could not be had.</summary>
/// <param name="Silo">The member's identity.</param>
/// <param name="Name">Its name in the membership table.</param>
/// <param name="Status">Its membership status (<c>Active</c>, <c>Joining</c>, <c>ShuttingDown</c>, <c>Dead</c>, …).</param>
/// <param name="Report">Its figures; null when it was not asked (not Active) or did not answer.</param>
/// <param name="Error">Why there is no report for an Active member.</param>
public sealed record SiloStatistics(SiloAddress Silo, string Name, string Status, SiloRuntimeReport? Report, string? Error);
