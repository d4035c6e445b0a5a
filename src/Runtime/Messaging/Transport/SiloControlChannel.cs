using Microsoft.Extensions.Logging;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary><see cref="ISiloControlChannel"/> over the silo transport: probes and membership notices share the grain-call connections.</summary>
internal sealed partial class SiloControlChannel(ConnectionManager connections, TimeProvider timeProvider, ILogger<SiloControlChannel> logger) : ISiloControlChannel
{
    public async Task ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        Connection connection;
        try
        {
            connection = await connections.GetConnectionAsync(target, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new GrainCallTimeoutException($"Probe of {target} could not connect within {timeout}.");
        }

        var probe = new ProbeCall(target, timeout, timeProvider);
        connection.SendRequest(probe);
        await probe.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
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
