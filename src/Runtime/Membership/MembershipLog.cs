using Microsoft.Extensions.Logging;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Membership;

internal static partial class MembershipLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Membership view changed to version {Version}: {Snapshot}")]
    public static partial void ViewChanged(this ILogger logger, long version, ClusterMembershipSnapshot snapshot);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Could not read the membership table")]
    public static partial void RefreshFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Lost a membership write race at table version {Version} (attempt {Attempt}); re-reading")]
    public static partial void LostWriteRace(this ILogger logger, long version, int attempt);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Silo {Silo} ({Name}) is {Status} at membership version {Version}")]
    public static partial void LocalStatusWritten(this ILogger logger, SiloAddress silo, string name, MembershipStatus status, long version);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Probe of {Target} failed ({Missed} in a row)")]
    public static partial void ProbeFailed(this ILogger logger, Exception exception, SiloAddress target, int missed);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Voted {Target} dead: {Votes} fresh vote(s) of {Required} needed")]
    public static partial void VotedDead(this ILogger logger, SiloAddress target, int votes, int required);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Declared {Target} Dead with {Votes} fresh vote(s) ({Required} needed, {ActiveSilos} Active silos heartbeating)")]
    public static partial void DeclaredDead(this ILogger logger, SiloAddress target, int votes, int required, int activeSilos);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Critical, Message = "Silo {Silo} is Dead according to the membership table (version {Version}); it stops serving and shuts down now")]
    public static partial void FoundSelfDead(this ILogger logger, SiloAddress silo, long version);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Joining silo {Silo} cannot reach {Unreachable}; retrying until {Deadline:O}")]
    public static partial void JoinProbeFailed(this ILogger logger, Exception? exception, SiloAddress silo, string unreachable, DateTimeOffset deadline);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Declaring {Old}, an older process on this silo's endpoint, Dead")]
    public static partial void DeclaringOlderGenerationDead(this ILogger logger, SiloAddress old);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Membership {Operation} failed; retrying at the next interval")]
    public static partial void PeriodicWorkFailed(this ILogger logger, Exception exception, string operation);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Deleted {Count} defunct membership row(s) older than {Cutoff:O}")]
    public static partial void DefunctRowsDeleted(this ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Debug, Message = "Membership notification to {Target} failed")]
    public static partial void NotifyFailed(this ILogger logger, Exception exception, SiloAddress target);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error, Message = "Could not write {Status} for silo {Silo} while leaving; the others will vote it dead")]
    public static partial void LeaveWriteFailed(this ILogger logger, Exception exception, SiloAddress silo, MembershipStatus status);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Warning, Message = "Could not vote on {Target}")]
    public static partial void VoteFailed(this ILogger logger, Exception exception, SiloAddress target);
}
