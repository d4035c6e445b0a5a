using Microsoft.Extensions.Logging;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Membership;

namespace OrleansAuth.Runtime.Statistics;

/// <summary>
/// The figures of every member of a cluster: each Active member is asked over the silo transport, all at once, each
/// within <see cref="RequestTimeout"/>; members in other states are listed without a report. A silo process reads its
/// own figures in-process.
/// </summary>
internal sealed partial class MembershipClusterStatistics(
    IClusterMembershipService membership,
    ISiloControlChannel channel,
    ILogger<MembershipClusterStatistics> logger,
    SiloRuntimeReporter? localReporter = null,
    ILocalSiloDetails? local = null) : IClusterStatistics
{
    /// <summary>How long one silo may take to answer before the dashboard shows it without figures.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    public async Task<IReadOnlyList<SiloStatistics>> GetSiloStatisticsAsync(CancellationToken cancellationToken)
    {
        var members = membership.CurrentSnapshot.Members.Values
            .OrderBy(member => member.Name, StringComparer.Ordinal)
            .ThenBy(member => member.Address.ToString(), StringComparer.Ordinal)
            .ToArray();
        var results = await Task.WhenAll(members.Select(member => AskAsync(member, cancellationToken))).ConfigureAwait(false);
        return results;
    }

    private async Task<SiloStatistics> AskAsync(ClusterMember member, CancellationToken cancellationToken)
    {
        var status = member.Status.ToString();
        if (member.Status != MembershipStatus.Active)
        {
            return new SiloStatistics(member.Address, member.Name, status, null, null);
        }

        if (local is not null && localReporter is not null && local.SiloAddress == member.Address)
        {
            return new SiloStatistics(member.Address, member.Name, status, localReporter.Take(member.Address.ToString(), member.Name), null);
        }

        try
        {
            var report = await channel.GetStatisticsAsync(member.Address, RequestTimeout, cancellationToken).ConfigureAwait(false);
            return new SiloStatistics(member.Address, member.Name, status, report, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogUnanswered(member.Address, exception.Message);
            return new SiloStatistics(member.Address, member.Name, status, null, exception.Message);
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "Silo {Silo} sent no statistics: {Reason}")]
    private partial void LogUnanswered(SiloAddress silo, string reason);
}
