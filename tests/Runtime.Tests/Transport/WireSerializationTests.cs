using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Messaging;
using OrleansAuth.Runtime.Messaging.Serialization;
using OrleansAuth.Runtime.Messaging.Transport;
using OrleansAuth.Runtime.Tests.Grains;

namespace OrleansAuth.Runtime.Tests.Transport;

public sealed class WireSerializationTests
{
    private readonly GrainCodecCache _codecs = new(Resolver(TestGrainsJsonContext.Default));

    [Fact]
    public void Codec_RecordRequest_RoundTripsArgumentsIntoANewRequest()
    {
        var original = new IEchoGrain_Echo_Request { Arg0 = new EchoRequest(3, "ü", ["x", "y"], DateTimeOffset.UnixEpoch.AddDays(1)) };
        var codec = _codecs.Get(original.Method).Codec;

        var copy = Assert.IsType<IEchoGrain_Echo_Request>(RoundTripArguments(codec, original));

        Assert.NotSame(original, copy);
        Assert.Equal(original.Arg0.Id, copy.Arg0.Id);
        Assert.Equal(original.Arg0.Text, copy.Arg0.Text);
        Assert.Equal(original.Arg0.Tags.ToArray(), copy.Arg0.Tags.ToArray());
        Assert.Equal(original.Arg0.SentAt, copy.Arg0.SentAt);
    }

    [Fact]
    public void Codec_Result_RoundTrips()
    {
        var codec = (GrainRequestCodec<EchoReply>)_codecs.Get(IEchoGrain_Echo_Request.Descriptor).Codec;
        var reply = new EchoReply(1, "r", 2, "s");

        Assert.Equal(reply, RoundTripResult(codec, reply));
    }

    [Fact]
    public void Codec_VoidResult_WritesNothing()
    {
        var codec = (GrainRequestCodec<VoidResult>)_codecs.Get(ITurnGrain_Fail_Request.Descriptor).Codec;
        using var buffer = new BatchBuffer();
        using var writer = new Utf8JsonWriter(buffer);

        codec.WriteResult(default, writer);
        writer.Flush();

        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void Codec_NullForNonNullableParameter_IsRefused()
    {
        var codec = _codecs.Get(ITurnGrain_Fail_Request.Descriptor).Codec;

        var exception = Assert.Throws<JsonException>(() => ReadArguments(codec, "[null]"u8.ToArray()));

        Assert.Contains("message", exception.Message);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[\"a\",\"b\"]")]
    [InlineData("{\"a\":1}")]
    [InlineData("[\"a\"] 5")]
    public void Codec_WrongArgumentCountOrShape_IsRefused(string json)
    {
        var codec = _codecs.Get(ITurnGrain_Fail_Request.Descriptor).Codec;

        Assert.ThrowsAny<JsonException>(() => ReadArguments(codec, System.Text.Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Codec_TypeWithoutMetadata_FailsWhenBuiltNamingTheType()
    {
        var exception = Assert.Throws<NotSupportedException>(() => _codecs.Get(IEchoGrain_Unknown_Request.Descriptor));

        Assert.Contains(typeof(Unregistered).FullName!, exception.Message);
    }

    [Fact]
    public void Codec_SameMethod_IsBuiltOnce()
        => Assert.Same(_codecs.Get(IEchoGrain_Echo_Request.Descriptor), _codecs.Get(IEchoGrain_Echo_Request.Descriptor));

    [Fact]
    public void Resolver_PrimitivesWithoutRegisteredContext_AreKnown()
    {
        var resolver = Resolver();

        Assert.NotNull(resolver.GetTypeInfo<string>());
        Assert.NotNull(resolver.GetTypeInfo<int[]>());
        Assert.Throws<NotSupportedException>(resolver.GetTypeInfo<EchoRequest>);
    }

    [Fact]
    public void MethodRegistry_WireIdOfGeneratedMethod_FindsItsDescriptor()
    {
        _ = GrainInterfaceRegistry.GetGrainType<IEchoGrain>();

        Assert.True(GrainInterfaceRegistry.TryGetMethod(IEchoGrain_Echo_Request.Descriptor.WireId, out var method));
        Assert.Same(IEchoGrain_Echo_Request.Descriptor, method);
        Assert.Equal("OrleansAuth.Runtime.Tests.Grains.IEchoGrain/OrleansAuth.Runtime.Tests.Grains.IEchoGrain.Echo(OrleansAuth.Runtime.Tests.Grains.EchoRequest)", method.WireName);
    }

    public static TheoryData<Exception, Type> RuntimeExceptions => new()
    {
        { new GrainCallTimeoutException("t"), typeof(GrainCallTimeoutException) },
        { new GrainOverloadedException("o"), typeof(GrainOverloadedException) },
        { new SiloUnavailableException("u"), typeof(SiloUnavailableException) },
        { new GrainMovedException("m"), typeof(GrainMovedException) },
        { new InconsistentStateException("i", 4, null), typeof(InconsistentStateException) },
        { new StorageUnavailableException("s"), typeof(StorageUnavailableException) },
        { new ArgumentNullException("p", "secret stays out"), typeof(RemoteGrainException) },
    };

    [Theory]
    [MemberData(nameof(RuntimeExceptions))]
    public void Error_RoundTrip_RecreatesRuntimeTypesAndWrapsOthers(Exception original, Type expected)
    {
        using var buffer = new BatchBuffer();
        WireErrors.WriteError(new WireWriter(buffer), original);

        var copy = WireErrors.ReadError(buffer.WrittenMemory.Span);

        Assert.IsType(expected, copy);
        Assert.Equal(original.Message, copy.Message);
        Assert.Null(copy.InnerException);
        if (copy is InconsistentStateException inconsistent)
        {
            Assert.Equal(4, inconsistent.ExpectedVersion);
            Assert.Null(inconsistent.StoredVersion);
        }

        if (copy is RemoteGrainException remote)
        {
            Assert.Equal(typeof(ArgumentNullException).FullName, remote.RemoteTypeName);
        }
    }

    [Fact]
    public void Error_NeverCarriesTheStackTrace()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("visible");
        }
        catch (InvalidOperationException exception)
        {
            thrown = exception;
        }

        using var buffer = new BatchBuffer();
        WireErrors.WriteError(new WireWriter(buffer), thrown);

        var text = System.Text.Encoding.UTF8.GetString(buffer.WrittenMemory.Span);
        Assert.DoesNotContain(nameof(Error_NeverCarriesTheStackTrace), text);
    }

    [Fact]
    public void Error_NotOwnerWithOwner_BecomesMovedWithOwner()
    {
        var owner = new SiloAddress("10.0.0.7", 11111, 99);
        using var buffer = new BatchBuffer();
        WireErrors.WriteNotOwner(new WireWriter(buffer), owner, "moved");

        var exception = Assert.IsType<GrainMovedException>(WireErrors.ToException(ResponseStatus.NotOwner, buffer.WrittenMemory.Span));

        Assert.Equal(owner, exception.Owner);
    }

    [Fact]
    public void Header_GrainRequest_RoundTripsEveryField()
    {
        using var buffer = new BatchBuffer();
        var context = RequestContextData.Empty.With(RequestContext.CorrelationIdKey, "c-1").With(RequestContext.TraceParentKey, "00-abc-def-01");
        MessageHeader.WriteGrainRequest(new WireWriter(buffer), MessageDirection.Request, ulong.MaxValue, new GrainId("user", "a@b.c"), 0x1122334455667788, 1234, 2, context);

        var header = MessageHeader.Read(buffer.WrittenMemory.Span);

        Assert.Equal(MessageDirection.Request, header.Direction);
        Assert.Equal(ulong.MaxValue, header.CorrelationId);
        Assert.Equal(new GrainId("user", "a@b.c"), header.Target);
        Assert.Equal(0x1122334455667788UL, header.MethodId);
        Assert.Equal(1234U, header.TimeToLiveMs);
        Assert.Equal(2, header.ForwardCount);
        Assert.Equal(context.Items, header.RequestContext!.Items);
    }

    [Fact]
    public void Header_EveryTruncation_IsMalformedNotACrash()
    {
        using var buffer = new BatchBuffer();
        MessageHeader.WriteGrainRequest(new WireWriter(buffer), MessageDirection.Request, 5, new GrainId("user", "k"), 1, 10, 0, RequestContextData.Empty.With("k", "v"));
        var bytes = buffer.WrittenMemory.ToArray();

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<MalformedMessageException>(() => MessageHeader.Read(bytes.AsSpan(0, length)));
        }

        Assert.Throws<MalformedMessageException>(() => MessageHeader.Read([.. bytes, 0]));
    }

    private static GrainTypeInfoResolver Resolver(params System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver[] contexts)
    {
        var options = new GrainSerializerOptions();
        options.TypeInfoResolvers.AddRange(contexts);
        return new GrainTypeInfoResolver(Options.Create(options));
    }

    private static GrainRequest RoundTripArguments(GrainRequestCodec codec, GrainRequest request)
    {
        using var buffer = new BatchBuffer();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            codec.WriteArguments(request, writer);
        }

        return ReadArguments(codec, buffer.WrittenMemory.ToArray());
    }

    private static GrainRequest ReadArguments(GrainRequestCodec codec, byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        return codec.ReadArguments(ref reader);
    }

    private static T RoundTripResult<T>(GrainRequestCodec<T> codec, T value)
    {
        using var buffer = new BatchBuffer();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            codec.WriteResult(value, writer);
        }

        var reader = new Utf8JsonReader(buffer.WrittenMemory.Span);
        return codec.ReadResult(ref reader);
    }
}
