namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>The identity of a cluster client (an API node): it connects to silos but never accepts connections.</summary>
internal sealed class ClientNode(string name, string clusterId) : ILocalNode
{
    public NodeIdentity Identity { get; } = new(NodeRole.Client, null, name);

    public string ClusterId { get; } = clusterId;
}
