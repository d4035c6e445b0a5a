namespace OrleansAuth.Runtime;

/// <summary>
/// Static description of one grain interface method, shared by every request for it.
/// <see cref="Id"/> is a dense process-wide index so per-method statistics need no dictionary lookup.
/// </summary>
public sealed class GrainMethodDescriptor
{
    private static int s_nextId = -1;

    public GrainMethodDescriptor(string grainType, string interfaceName, string methodName, GrainMethodOptions options = GrainMethodOptions.None, TimeSpan? responseTimeout = null)
    {
        GrainType = grainType;
        InterfaceName = interfaceName;
        MethodName = methodName;
        Options = options;
        ResponseTimeout = responseTimeout;
        Id = Interlocked.Increment(ref s_nextId);
    }

    public int Id { get; }

    public string GrainType { get; }

    public string InterfaceName { get; }

    public string MethodName { get; }

    public GrainMethodOptions Options { get; }

    /// <summary>Overrides the runtime's default response timeout for this method when set.</summary>
    public TimeSpan? ResponseTimeout { get; }

    public bool IsReadOnly => (Options & GrainMethodOptions.ReadOnly) != 0;

    public bool AlwaysInterleave => (Options & GrainMethodOptions.AlwaysInterleave) != 0;

    public override string ToString() => $"{InterfaceName}.{MethodName}";
}
