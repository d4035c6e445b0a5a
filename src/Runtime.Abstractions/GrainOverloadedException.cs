namespace OrleansAuth.Runtime;

/// <summary>The target activation's mailbox is full; the call was rejected without being queued. Safe to retry later.</summary>
public sealed class GrainOverloadedException : Exception
{
    public GrainOverloadedException()
    {
    }

    public GrainOverloadedException(string message)
        : base(message)
    {
    }

    public GrainOverloadedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
