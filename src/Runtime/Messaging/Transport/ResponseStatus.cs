namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>Outcome carried by a response frame.</summary>
internal enum ResponseStatus : byte
{
    /// <summary>Completed; the body is the result.</summary>
    Ok = 0,

    /// <summary>The grain method (or the runtime while running it) threw; the body describes the exception.</summary>
    Error = 1,

    /// <summary>Refused without running: the activation's mailbox is full. Safe to retry later.</summary>
    Overloaded = 2,

    /// <summary>Refused without running: the silo is starting or shutting down. Safe to retry elsewhere.</summary>
    Unavailable = 3,

    /// <summary>Refused without running: this silo does not own the grain; the body may name the owner.</summary>
    NotOwner = 4,

    /// <summary>The time to live ran out on the receiving silo before or while the request ran.</summary>
    Timeout = 5,
}
