namespace OrleansAuth.Runtime;

/// <summary>
/// A grain on another silo threw an exception that is not one of the runtime's own. Only the exception's type name and
/// message cross the network (no stack trace, no inner exceptions, no object of the remote type is created here).
/// </summary>
public sealed class RemoteGrainException : Exception
{
    public RemoteGrainException()
    {
    }

    public RemoteGrainException(string message)
        : base(message)
    {
    }

    public RemoteGrainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RemoteGrainException(string remoteTypeName, string message)
        : base(message)
    {
        RemoteTypeName = remoteTypeName;
    }

    /// <summary>Full name of the exception type thrown on the remote silo, e.g. <c>System.InvalidOperationException</c>.</summary>
    public string? RemoteTypeName { get; }
}
