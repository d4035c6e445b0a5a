using Microsoft.Extensions.Logging;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Statistics;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary><see cref="ISiloControlChannel"/> over the silo transport: probes, membership notices and statistics requests share the grain-call connections.</summary>
internal sealed partial class SiloControlChannel(ConnectionManager connections, TimeProvider timeProvider, ILogger<SiloControlChannel> logger) : ISiloControlChannel
{
    public async Task ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(target, timeout, "Probe", cancellationToken).ConfigureAwait(false);
        var probe = new ProbeCall(target, timeout, timeProvider);
        connection.SendRequest(probe);
        await probe.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<SiloRuntimeReport> GetStatisticsAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(target, timeout, "Statistics request", cancellationToken).ConfigureAwait(false);
        var call = new StatisticsCall(target, timeout, timeProvider);
        connection.SendRequest(call);
        return await call.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<Connection> ConnectAsync(SiloAddress target, TimeSpan timeout, string purpose, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await connections.GetConnectionAsync(target, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new GrainCallTimeoutException($"{purpose} of {target} could not connect within {timeout}.");
        }
    }

    public async Task NotifyMembershipChangedAsync(SiloAddress target, long tableVersion, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await connections.GetConnectionAsync(target, cancellationToken).ConfigureAwait(false);
            connection.Send(new MembershipNotice(tableVersion));
        }
        catch (SiloUnavailableException exception)
        {
            Log.NoticeNotSent(logger, target, tableVersion, exception.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Debug, "Membership notice (version {Version}) not sent to {Silo}: {Reason}")]
        public static partial void NoticeNotSent(ILogger logger, SiloAddress silo, long version, string reason);
    }
}
