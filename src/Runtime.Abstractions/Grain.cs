namespace OrleansAuth.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates one activation per grain id, loads its persistent
/// state, then calls <see cref="OnActivateAsync"/> before the first request.
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context;

    /// <summary>The runtime context of this activation; set by the runtime right after construction.</summary>
    protected IGrainContext GrainContext => _context ?? throw new InvalidOperationException("The grain has not been attached to an activation.");

    public GrainId GrainId => GrainContext.GrainId;

    /// <summary>The grain's key (for user grains: the normalized email).</summary>
    public string GrainKey => GrainContext.GrainId.Key;

    protected IGrainFactory GrainFactory => GrainContext.GrainFactory;

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks the runtime to deactivate this activation once the current request completes.</summary>
    protected void DeactivateOnIdle() => GrainContext.DeactivateOnIdle();

    internal void Attach(IGrainContext context) => _context = context;
}
