using Orleans.Runtime.Messaging;

namespace OrleansAuth.Hosting.Client;

internal static class CallFailures
{
    /// <summary>
    /// Classified by type only: Orleans 10 does not expose the rejection kind. A rejection comes back before any
    /// activation took the message, and a failed connection means nothing was sent; but <see cref="SiloUnavailableException"/>
    /// (a rejection subtype, so tested first) is also raised for messages still in a dying connection's buffer, and an
    /// external client's call in flight on a killed silo ends in <see cref="TimeoutException"/>: both leave the outcome open.
    /// </summary>
    public static CallFailure Classify(Exception exception) => exception switch
    {
        SiloUnavailableException or TimeoutException => CallFailure.OutcomeUnknown,
        OrleansMessageRejectionException or ConnectionFailedException => CallFailure.NotRun,
        _ => CallFailure.Other,
    };
}
