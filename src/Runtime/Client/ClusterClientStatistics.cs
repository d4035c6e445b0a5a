namespace OrleansAuth.Runtime.Client;

/// <summary>Counters of the client's routing, for metrics and the dashboard: how often calls needed more than one send.</summary>
internal sealed class ClusterClientStatistics
{
    private long _sends;
    private long _movedRetries;
    private long _unreachableRetries;
    private long _failedFast;
    private long _failoverRetries;

    /// <summary>Calls handed to a silo's connection (every attempt counts).</summary>
    public long Sends => Interlocked.Read(ref _sends);

    /// <summary>Re-sends after a silo answered that it does not own the grain.</summary>
    public long MovedRetries => Interlocked.Read(ref _movedRetries);

    /// <summary>Re-sends after a silo could not be reached or refused the call without running it.</summary>
    public long UnreachableRetries => Interlocked.Read(ref _unreachableRetries);

    /// <summary>Calls refused at once because the owner's circuit was open.</summary>
    public long FailedFast => Interlocked.Read(ref _failedFast);

    /// <summary>Calls that waited for the view to move their grain off an unreachable owner, then were sent to the new one.</summary>
    public long FailoverRetries => Interlocked.Read(ref _failoverRetries);

    internal void OnSend() => Interlocked.Increment(ref _sends);

    internal void OnMovedRetry() => Interlocked.Increment(ref _movedRetries);

    internal void OnUnreachableRetry() => Interlocked.Increment(ref _unreachableRetries);

    internal void OnFailedFast() => Interlocked.Increment(ref _failedFast);

    internal void OnFailoverRetry() => Interlocked.Increment(ref _failoverRetries);
}
