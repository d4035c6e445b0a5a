namespace OrleansAuth.Hosting.Silo;

/// <summary>This silo's network identity (configuration section <c>Silo</c>).</summary>
public sealed class SiloHostOptions
{
    public const string SectionName = "Silo";

    /// <summary>Silo-to-silo port (<c>Silo:Port</c>). Default 11111; 0 picks a free port at start.</summary>
    public int Port { get; set; } = 11111;

    /// <summary>
    /// Port clients (API nodes in <c>Cluster:Mode=client</c>) connect to (<c>Silo:GatewayPort</c>). Default 30000;
    /// 0 picks a free port at start. An embedded silo opens no gateway.
    /// </summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address (or host name) other nodes use to reach this silo (<c>Silo:AdvertisedAddress</c>). Default 127.0.0.1.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Shown in logs, membership and the dashboard (<c>Silo:Name</c>). Default: host name + port.</summary>
    public string? Name { get; set; }
}
