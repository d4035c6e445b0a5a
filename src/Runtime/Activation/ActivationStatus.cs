namespace OrleansAuth.Runtime.Activation;

internal enum ActivationStatus
{
    /// <summary>Registered in the catalog, nothing started yet.</summary>
    Created,

    /// <summary>Reading state and running OnActivateAsync; requests wait in the mailbox.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>Running OnDeactivateAsync; new requests are held and handed to the next activation afterwards.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; a request that still reaches it is sent back to the catalog.</summary>
    Invalid,
}
