using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging;

/// <summary>Grain factories whose references call a given silo over the transport.</summary>
internal interface IRemoteGrainFactory
{
    IGrainFactory ForSilo(SiloAddress silo);
}
