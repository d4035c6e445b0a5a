using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Membership;

/// <summary>A starting silo could not reach every Active silo within the join time, so it did not join.</summary>
public sealed class ClusterConnectivityException : Exception
{
    public ClusterConnectivityException()
    {
    }

    public ClusterConnectivityException(string message)
        : base(message)
    {
    }

    public ClusterConnectivityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static ClusterConnectivityException Unreachable(SiloAddress self, IReadOnlyCollection<SiloAddress> unreachable, TimeSpan waited, Exception? lastError) =>
        new(
            $"Silo {self} could not reach {unreachable.Count} Active silo(s) within {waited} ({ClusterMembershipOptions.SectionName}:{nameof(ClusterMembershipOptions.MaxJoinAttemptTime)}): "
            + string.Join(", ", unreachable) + ". Check that their advertised addresses and ports are reachable from this host.",
            lastError ?? new InvalidOperationException("No probe answered."));
}
