using OrleansAuth.Runtime.Hosting;

namespace OrleansAuth.Runtime.Membership;

/// <summary>
/// The silo's status when it is a cluster member: the grain runtime's status, except that it is not Active until
/// membership has made it Active, and is at least ShuttingDown as soon as membership says it is leaving or Dead.
/// </summary>
internal sealed class ClusterSiloStatusProvider(GrainRuntimeHostedService runtime, LocalMembershipState membership) : ISiloStatusProvider
{
    public SiloStatus Status => (runtime.Status, membership.Status) switch
    {
        (SiloStatus.Stopped, _) => SiloStatus.Stopped,
        (_, MembershipStatus.Dead) when membership.DeclaredDead => SiloStatus.Stopped,
        (_, MembershipStatus.ShuttingDown or MembershipStatus.Dead) => SiloStatus.ShuttingDown,
        (SiloStatus.Active, MembershipStatus.Active) => SiloStatus.Active,
        (SiloStatus.Active, _) => SiloStatus.Starting,
        (var other, _) => other,
    };
}
