namespace OrleansAuth.Runtime;

/// <summary>What an activation knows about itself and its runtime.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    void DeactivateOnIdle();
}
