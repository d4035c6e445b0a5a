namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>What the other end of a connection is: a silo (serves grains) or a cluster client (only calls them).</summary>
internal enum NodeRole : byte
{
    Silo = 1,
    Client = 2,
}
