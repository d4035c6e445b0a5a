using OrleansAuth.Runtime.Membership;

namespace OrleansAuth.Api.Dashboard;

/// <summary>
/// The latest membership events (joins, activations, shutdowns, deaths), derived by comparing each membership view
/// with the one before. Only views are compared, and views change rarely, so following them costs nearly nothing.
/// </summary>
internal sealed class MembershipEventLog(IServiceProvider services, TimeProvider timeProvider) : BackgroundService
{
    // Absent in embedded mode: one in-process silo, no membership table, nothing to follow.
    private readonly IClusterMembershipService? _membership = services.GetService<IClusterMembershipService>();

    public const int Capacity = 200;

    private readonly Lock _lock = new();
    private readonly LinkedList<MembershipEvent> _events = new();

    /// <summary>Newest first.</summary>
    public IReadOnlyList<MembershipEvent> Recent()
    {
        lock (_lock)
        {
            return [.. _events];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_membership is null)
        {
            return;
        }

        ClusterMembershipSnapshot? previous = null;
        try
        {
            await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(stoppingToken).ConfigureAwait(false))
            {
                Record(Compare(previous, snapshot, timeProvider.GetUtcNow()));
                previous = snapshot;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The events between two views, oldest first; with no previous view, every member's join and current state.</summary>
    internal static IEnumerable<MembershipEvent> Compare(ClusterMembershipSnapshot? previous, ClusterMembershipSnapshot current, DateTimeOffset now) =>
        Changes(previous, current, now)
            .OrderBy(e => e.Time)
            .ThenBy(e => e.Silo, StringComparer.Ordinal)
            .ThenBy(e => e.Kind == "joined" ? 0 : 1);

    private static IEnumerable<MembershipEvent> Changes(ClusterMembershipSnapshot? previous, ClusterMembershipSnapshot current, DateTimeOffset now)
    {
        foreach (var member in current.Members.Values)
        {
            var silo = member.Address.ToString();
            MembershipStatus? before = previous?.GetStatus(member.Address);
            if (before is null)
            {
                yield return new MembershipEvent(previous is null ? member.StartTime : now, silo, member.Name, "joined");
                if (member.Status != MembershipStatus.Joining)
                {
                    // A dead silo's last heartbeat is the best guess of when it died; other states began around its start.
                    var since = member.Status == MembershipStatus.Dead ? member.IAmAliveTime : member.StartTime;
                    yield return new MembershipEvent(previous is null ? since : now, silo, member.Name, KindOf(member.Status));
                }
            }
            else if (before != member.Status)
            {
                yield return new MembershipEvent(now, silo, member.Name, KindOf(member.Status));
            }
        }
    }

    private static string KindOf(MembershipStatus status) => status switch
    {
        MembershipStatus.Joining => "joined",
        MembershipStatus.Active => "active",
        MembershipStatus.ShuttingDown => "shutting_down",
        _ => "dead",
    };

    private void Record(IEnumerable<MembershipEvent> events)
    {
        lock (_lock)
        {
            foreach (var item in events)
            {
                _events.AddFirst(item);
                if (_events.Count > Capacity)
                {
                    _events.RemoveLast();
                }
            }
        }
    }
}
