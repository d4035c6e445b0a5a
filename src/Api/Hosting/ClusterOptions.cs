namespace OrleansAuth.Api.Hosting;

/// <summary>How this API node reaches the grains (configuration section <c>Cluster</c>).</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    public const string EmbeddedMode = "embedded";

    public const string ClientMode = "client";

    /// <summary><c>embedded</c> (default): an in-process silo. <c>client</c>: call the silos of a cluster.</summary>
    public string Mode { get; set; } = EmbeddedMode;

    /// <summary>Isolates clusters that share a database. Default <c>dev</c>.</summary>
    public string ClusterId { get; set; } = "dev";
}
