using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging.Transport;

internal sealed class RemoteGrainFactory(IRemoteGrainInvoker invoker) : IRemoteGrainFactory
{
    public IGrainFactory ForSilo(SiloAddress silo) => new GrainFactory(new SiloGrainCallInvoker(silo, invoker));
}
