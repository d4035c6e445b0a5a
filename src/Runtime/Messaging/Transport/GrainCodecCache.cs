namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>
/// The codecs of this process, built once per method from the registered JSON metadata and found by the method's
/// dense <see cref="GrainMethodDescriptor.Id"/> (an array index, no dictionary lookup per call).
/// </summary>
internal sealed class GrainCodecCache(IGrainTypeInfoResolver types)
{
    private readonly Lock _lock = new();
    private MethodCodec?[] _codecs = new MethodCodec?[64];

    public MethodCodec Get(GrainMethodDescriptor method)
    {
        var codecs = Volatile.Read(ref _codecs);
        return method.Id < codecs.Length && codecs[method.Id] is { } codec ? codec : Create(method);
    }

    private MethodCodec Create(GrainMethodDescriptor method)
    {
        var factory = method.CodecFactory
            ?? throw new NotSupportedException($"{method} cannot be called over the network: its request class was not generated with a codec.");
        var codec = factory(types).Accept(new Visitor(method));
        lock (_lock)
        {
            var codecs = _codecs;
            if (method.Id >= codecs.Length)
            {
                Array.Resize(ref codecs, Math.Max(codecs.Length * 2, method.Id + 1));
            }
            else
            {
                codecs = (MethodCodec?[])codecs.Clone();
            }

            codecs[method.Id] ??= codec;
            Volatile.Write(ref _codecs, codecs);
            return codecs[method.Id]!;
        }
    }

    private sealed class Visitor(GrainMethodDescriptor method) : IGrainRequestCodecVisitor<MethodCodec>
    {
        public MethodCodec Visit<TResult>(GrainRequestCodec<TResult> codec) => new MethodCodec<TResult>(method, codec);
    }
}
