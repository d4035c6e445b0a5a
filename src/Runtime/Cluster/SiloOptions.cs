namespace OrleansAuth.Runtime.Cluster;

/// <summary>This silo's network identity (configuration section <c>Silo</c>).</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Silo";

    /// <summary>Port for silo-to-silo and client-to-silo traffic (<c>Silo:Port</c>). Default 11111; 0 picks a free port.</summary>
    public int Port { get; set; } = 11111;

    /// <summary>Address other nodes use to reach this silo (<c>Silo:AdvertisedAddress</c>). Default 127.0.0.1.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Shown in logs, membership and the dashboard (<c>Silo:Name</c>). Default: host name + port.</summary>
    public string? Name { get; set; }
}
