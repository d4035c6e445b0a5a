namespace OrleansAuth.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>Idle for longer than the collection age.</summary>
    IdleCollection,

    /// <summary>The grain asked for it (<c>DeactivateOnIdle</c>).</summary>
    ApplicationRequested,

    /// <summary>A state write found a newer version in storage; the activation's view is stale.</summary>
    InconsistentState,

    /// <summary>Activation failed (state read or <c>OnActivateAsync</c> threw).</summary>
    ActivationFailed,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>Another silo now owns the grain.</summary>
    DirectoryOwnershipChanged,
}
