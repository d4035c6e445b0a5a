using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>Who is at one end of a connection, as proven in the handshake.</summary>
/// <param name="Role">Silo or client.</param>
/// <param name="Silo">The silo's identity (endpoint and generation); null for clients.</param>
/// <param name="Name">Silo name or client name, for logs.</param>
internal readonly record struct NodeIdentity(NodeRole Role, SiloAddress? Silo, string Name)
{
    public override string ToString() => Silo is { } silo ? $"silo {Name} ({silo})" : $"client {Name}";
}
