using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging;

/// <summary>
/// The silo a call was sent to does not own the grain (any more) and did not run the call. The caller refreshes its
/// view of the cluster and sends the call again, to <see cref="Owner"/> when the silo named one.
/// </summary>
public sealed class GrainMovedException : Exception
{
    public GrainMovedException()
    {
    }

    public GrainMovedException(string message)
        : base(message)
    {
    }

    public GrainMovedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GrainMovedException(string message, SiloAddress? owner)
        : base(message)
    {
        Owner = owner;
    }

    /// <summary>The silo that owns the grain according to the refusing silo, if it knows.</summary>
    public SiloAddress? Owner { get; }
}
