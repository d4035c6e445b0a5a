using Orleans.Configuration;

namespace OrleansAuth.Hosting.Cluster;

/// <summary>
/// Failure detection of the cluster (section <c>Membership</c>, keys named after <see cref="ClusterMembershipOptions"/>
/// properties). Orleans' defaults (10 s probe timeout, 3 missed probes) take 10 s or more to declare a killed silo
/// dead, and every call to its grains fails meanwhile; these defaults do it in a few seconds.
/// </summary>
public static class MembershipDefaults
{
    public const string SectionName = "Membership";

    public static void Apply(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.NumMissedProbesLimit = 3;
        options.NumVotesForDeathDeclaration = 2;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }
}
