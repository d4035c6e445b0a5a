namespace OrleansAuth.Runtime.Cluster;

/// <summary>
/// This silo's identity for the life of the process. Read once the host has started its services, so a transport that
/// binds a free port (<c>Silo:Port</c> 0) can register an implementation that reports the port it got.
/// </summary>
internal interface ILocalSiloDetails
{
    /// <summary>Advertised endpoint and this process's generation.</summary>
    SiloAddress SiloAddress { get; }

    /// <summary>Display name (<c>Silo:Name</c>, default host name and port).</summary>
    string Name { get; }
}
