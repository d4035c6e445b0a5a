namespace OrleansAuth.Runtime;

/// <summary>
/// Static description of one grain interface method, shared by every request for it.
/// <see cref="Id"/> is a dense process-wide index so per-method statistics need no dictionary lookup; it depends on
/// load order, so the network uses <see cref="WireId"/>, which is the same in every process.
/// </summary>
public sealed class GrainMethodDescriptor
{
    private static int s_nextId = -1;

    public GrainMethodDescriptor(string grainType, string interfaceName, string methodName, GrainMethodOptions options = GrainMethodOptions.None, TimeSpan? responseTimeout = null)
        : this(grainType, interfaceName, methodName, options, responseTimeout, wireName: null, wireId: 0, codecFactory: null)
    {
    }

    /// <summary>Describes a method that can be called over the network (what the code generator emits).</summary>
    /// <param name="grainType">Grain type name of the interface the request class was generated for.</param>
    /// <param name="interfaceName">Display name of the declaring interface.</param>
    /// <param name="methodName">Method name.</param>
    /// <param name="options">Scheduling options from the method's attributes.</param>
    /// <param name="responseTimeout">The method's own response timeout, if it has one.</param>
    /// <param name="wireName">Stable signature text: grain interface, declaring interface, method and parameter types.</param>
    /// <param name="wireId">Stable 64-bit hash of <paramref name="wireName"/>, computed by the code generator.</param>
    /// <param name="codecFactory">Creates the method's argument/result codec from a serializer's type information.</param>
    public GrainMethodDescriptor(
        string grainType,
        string interfaceName,
        string methodName,
        GrainMethodOptions options,
        TimeSpan? responseTimeout,
        string? wireName,
        ulong wireId,
        Func<IGrainTypeInfoResolver, GrainRequestCodec>? codecFactory)
    {
        GrainType = grainType;
        InterfaceName = interfaceName;
        MethodName = methodName;
        Options = options;
        ResponseTimeout = responseTimeout;
        WireName = wireName;
        WireId = wireId;
        CodecFactory = codecFactory;
        Id = Interlocked.Increment(ref s_nextId);
    }

    public int Id { get; }

    public string GrainType { get; }

    public string InterfaceName { get; }

    public string MethodName { get; }

    public GrainMethodOptions Options { get; }

    /// <summary>Overrides the runtime's default response timeout for this method when set.</summary>
    public TimeSpan? ResponseTimeout { get; }

    /// <summary>The stable signature text the <see cref="WireId"/> is a hash of; null for methods that cannot go over the network.</summary>
    public string? WireName { get; }

    /// <summary>Identity of the method in network messages: the same in every process that has the same interface.</summary>
    public ulong WireId { get; }

    /// <summary>Creates the serializer of this method's arguments and result; null for methods that cannot go over the network.</summary>
    public Func<IGrainTypeInfoResolver, GrainRequestCodec>? CodecFactory { get; }

    public bool IsReadOnly => (Options & GrainMethodOptions.ReadOnly) != 0;

    public bool AlwaysInterleave => (Options & GrainMethodOptions.AlwaysInterleave) != 0;

    public override string ToString() => $"{InterfaceName}.{MethodName}";
}
