namespace OrleansAuth.Runtime;

/// <summary>The silo is not accepting calls (starting, shutting down or stopped). The call was not executed.</summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException()
    {
    }

    public SiloUnavailableException(string message)
        : base(message)
    {
    }

    public SiloUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
