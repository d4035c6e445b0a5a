namespace OrleansAuth.Runtime.Messaging;

internal sealed class GrainFactory(IGrainCallInvoker invoker) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return GrainInterfaceRegistry.CreateReference<TGrainInterface>(invoker, key);
    }
}
