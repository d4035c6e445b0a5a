namespace OrleansAuth.Runtime.Cluster;

/// <summary>
/// This silo's identity on the network. Reading it binds the listening socket (so <c>Silo:Port</c> 0 resolves to
/// the port actually bound); the generation is new for every process start.
/// </summary>
internal interface ILocalSiloDetails
{
    SiloAddress SiloAddress { get; }

    /// <summary><c>Silo:Name</c>, or host name and port.</summary>
    string Name { get; }
}
