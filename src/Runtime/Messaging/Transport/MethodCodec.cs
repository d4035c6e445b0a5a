namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>One grain method's codec plus what the receiving side needs to run its requests with their result type.</summary>
internal abstract class MethodCodec(GrainMethodDescriptor method)
{
    public GrainMethodDescriptor Method { get; } = method;

    public abstract GrainRequestCodec Codec { get; }

    /// <summary>Creates the catalog message for a request that arrived on <paramref name="connection"/>.</summary>
    public abstract InboundGrainCall CreateInboundCall(Connection connection, in MessageHeader header, GrainRequest request, InboundCallContext context);
}

/// <summary>A <see cref="MethodCodec"/> with its result type.</summary>
internal sealed class MethodCodec<TResult>(GrainMethodDescriptor method, GrainRequestCodec<TResult> codec) : MethodCodec(method)
{
    public override GrainRequestCodec<TResult> Codec { get; } = codec;

    public override InboundGrainCall CreateInboundCall(Connection connection, in MessageHeader header, GrainRequest request, InboundCallContext context)
        => new InboundGrainCall<TResult>(connection, header, (GrainRequest<TResult>)request, Codec, context);
}
