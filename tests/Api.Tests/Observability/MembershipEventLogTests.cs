using OrleansAuth.Api.Dashboard;
using OrleansAuth.Hosting.Cluster;
using OrleansAuth.Hosting.Membership;

namespace OrleansAuth.Api.Tests.Observability;

/// <summary>The dashboard's membership events: what changed between two membership views.</summary>
public sealed class MembershipEventLogTests
{
    private static readonly DateTimeOffset _start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _now = _start.AddHours(1);
    private static readonly SiloAddress _a = new("127.0.0.1", 11111, 1);
    private static readonly SiloAddress _b = new("127.0.0.1", 11112, 2);
    private static readonly SiloAddress _c = new("127.0.0.1", 11113, 3);

    [Fact]
    public void Compare_FirstView_EveryMemberJoinedAtItsStartAndDeadOnesAtTheirLastHeartbeat()
    {
        var view = Snapshot(1, Member(_a, MembershipStatus.Active), Member(_b, MembershipStatus.Dead, lastHeartbeat: _start.AddMinutes(5)));

        var events = MembershipEventLog.Compare(null, view, _now).ToArray();

        Assert.Equal(
            [
                new MembershipEvent(_start, _a.ToString(), "silo-11111", "joined"),
                new MembershipEvent(_start, _a.ToString(), "silo-11111", "active"),
                new MembershipEvent(_start, _b.ToString(), "silo-11112", "joined"),
                new MembershipEvent(_start.AddMinutes(5), _b.ToString(), "silo-11112", "dead"),
            ],
            events);
    }

    [Fact]
    public void Compare_StatusChangesAndNewMember_OneEventEachAtTheTimeSeen()
    {
        var before = Snapshot(1, Member(_a, MembershipStatus.Active), Member(_b, MembershipStatus.Active));
        var after = Snapshot(2, Member(_a, MembershipStatus.ShuttingDown), Member(_b, MembershipStatus.Dead), Member(_c, MembershipStatus.Joining));

        var events = MembershipEventLog.Compare(before, after, _now).Select(e => (e.Silo, e.Kind, e.Time)).ToArray();

        Assert.Equal(3, events.Length);
        Assert.Contains((_a.ToString(), "shutting_down", _now), events);
        Assert.Contains((_b.ToString(), "dead", _now), events);
        Assert.Contains((_c.ToString(), "joined", _now), events);
    }

    [Fact]
    public void Compare_SameStatuses_NoEvents()
    {
        var view = Snapshot(1, Member(_a, MembershipStatus.Active));

        Assert.Empty(MembershipEventLog.Compare(view, Snapshot(2, Member(_a, MembershipStatus.Active, lastHeartbeat: _now)), _now));
    }

    private static ClusterMembershipSnapshot Snapshot(long version, params ClusterMember[] members) => new(version, members);

    private static ClusterMember Member(SiloAddress address, MembershipStatus status, DateTimeOffset? lastHeartbeat = null) =>
        new(address, $"silo-{address.Port}", status, _start, lastHeartbeat ?? _start, []);
}
