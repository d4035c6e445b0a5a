namespace OrleansAuth.Runtime;

/// <summary>
/// A state write was rejected because the stored version is not the one the writer read (another writer won).
/// The runtime deactivates the activation that saw it, so the next call re-reads the winner's state.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException()
    {
    }

    public InconsistentStateException(string message)
        : base(message)
    {
    }

    public InconsistentStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InconsistentStateException(string message, long expectedVersion, long? storedVersion)
        : base(message)
    {
        ExpectedVersion = expectedVersion;
        StoredVersion = storedVersion;
    }

    /// <summary>The version the writer read.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version found in storage, when known (null when the record is missing).</summary>
    public long? StoredVersion { get; }
}
