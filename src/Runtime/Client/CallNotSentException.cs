namespace OrleansAuth.Runtime.Client;

/// <summary>
/// Inside the client only: the call certainly did not run on the silo (no connection could be opened, its circuit is
/// open, or the silo refused it without running it), so it may be sent again. Never escapes to callers.
/// </summary>
internal sealed class CallNotSentException(SiloUnavailableException reason, bool circuitOpen = false) : Exception(reason.Message, reason)
{
    public SiloUnavailableException Reason { get; } = reason;

    /// <summary>True when the silo's circuit breaker refused the call, without trying the silo.</summary>
    public bool CircuitOpen { get; } = circuitOpen;
}
