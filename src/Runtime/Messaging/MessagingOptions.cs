namespace OrleansAuth.Runtime.Messaging;

/// <summary>Silo transport settings (configuration section <c>Messaging</c>; the cluster id comes from <c>Cluster:ClusterId</c>).</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Only nodes of the same cluster may connect to each other (<c>Cluster:ClusterId</c>). Default <c>dev</c>.</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>Connections opened to each silo; calls are spread over them. Default 1 (every call is multiplexed).</summary>
    public int ConnectionsPerSilo { get; set; } = 1;

    /// <summary>Largest message body (arguments or result) in bytes; larger frames close the connection. Default 4 MiB.</summary>
    public int MaxMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Longest wait for a TCP connect plus handshake. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After a failed connect, calls to that silo fail at once for this long, doubling per failure. Default 100 ms.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of the doubling <see cref="ReconnectDelay"/>. Default 2 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often waiting calls are checked against their response timeout. Default 100 ms.</summary>
    public TimeSpan ResponseTimeoutCheckPeriod { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>On shutdown, longest wait for responses still being written before connections close. Default 10 s.</summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
