namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>This process's identity on the network (a silo's address, or a client's name) and the cluster it belongs to.</summary>
internal interface ILocalNode
{
    NodeIdentity Identity { get; }

    string ClusterId { get; }
}
