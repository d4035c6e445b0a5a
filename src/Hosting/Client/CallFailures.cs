using Orleans.Runtime.Messaging;

namespace OrleansAuth.Hosting.Client;

internal static class CallFailures
{
    /// <summary>
    /// A rejection (including a busy gateway) comes back before any activation took the message, and a failed
    /// connection means nothing was sent; a lost silo or a timeout leaves the outcome open.
    /// </summary>
    public static CallFailure Classify(Exception exception) => exception switch
    {
        OrleansMessageRejectionException or ConnectionFailedException => CallFailure.NotRun,
        SiloUnavailableException or TimeoutException => CallFailure.OutcomeUnknown,
        _ => CallFailure.Other,
    };
}
