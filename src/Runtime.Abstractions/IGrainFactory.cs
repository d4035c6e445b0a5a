namespace OrleansAuth.Runtime;

/// <summary>Creates typed references to grains. References are cheap; the grain is activated on first call.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey;
}
