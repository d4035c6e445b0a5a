namespace OrleansAuth.Hosting.Storage;

/// <summary>
/// The database could not be reached (refused or lost connection, timeout, or its circuit breaker is open). The
/// operation was not acknowledged: a write either did not happen or its outcome is unknown, and the activation that
/// attempted it is dropped, so the next call reads what was really stored. Callers may retry.
/// </summary>
[GenerateSerializer]
[Alias("OrleansAuth.StorageUnavailable")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
