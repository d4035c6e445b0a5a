using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OrleansAuth.Runtime.CodeGen.Tests.Grains;

namespace OrleansAuth.Runtime.CodeGen.Tests;

/// <summary>The network identity and the codecs the generator emits for each grain method.</summary>
public sealed class WireIdentityTests
{
    [Fact]
    public void WireId_IsFnv1aOfTheWireName_SoEveryProcessAgrees()
    {
        var method = ICounterGrain_AddAsync_Request.Descriptor;

        Assert.Equal("OrleansAuth.Runtime.CodeGen.Tests.Grains.ICounterGrain/OrleansAuth.Runtime.CodeGen.Tests.Grains.ICounterGrain.AddAsync(int)", method.WireName);
        Assert.Equal(Fnv1a(method.WireName!), method.WireId);
    }

    [Fact]
    public void WireName_Overloads_DifferByParameterTypes()
    {
        Assert.EndsWith(".SetAsync(int)", ICounterGrain_SetAsync_Request.Descriptor.WireName);
        Assert.EndsWith(".SetAsync(string)", ICounterGrain_SetAsync_1_Request.Descriptor.WireName);
        Assert.NotEqual(ICounterGrain_SetAsync_Request.Descriptor.WireId, ICounterGrain_SetAsync_1_Request.Descriptor.WireId);
    }

    [Fact]
    public void WireName_InheritedMethod_NamesGrainAndDeclaringInterface()
    {
        // IAdminGrain hides INamedGrain.GetNameAsync with its own; both are callable, so both need an identity.
        Assert.Equal(
            "OrleansAuth.Runtime.CodeGen.Tests.Grains.IAdminGrain/OrleansAuth.Runtime.CodeGen.Tests.Grains.IAdminGrain.GetNameAsync()",
            IAdminGrain_GetNameAsync_Request.Descriptor.WireName);
        Assert.Equal(
            "OrleansAuth.Runtime.CodeGen.Tests.Grains.IAdminGrain/OrleansAuth.Runtime.CodeGen.Tests.Grains.INamedGrain.GetNameAsync()",
            IAdminGrain_GetNameAsync_1_Request.Descriptor.WireName);
        Assert.Equal(
            "OrleansAuth.Runtime.CodeGen.Tests.Grains.INamedGrain/OrleansAuth.Runtime.CodeGen.Tests.Grains.INamedGrain.GetNameAsync()",
            INamedGrain_GetNameAsync_Request.Descriptor.WireName);
        Assert.Equal(3, new[] { IAdminGrain_GetNameAsync_Request.Descriptor, IAdminGrain_GetNameAsync_1_Request.Descriptor, INamedGrain_GetNameAsync_Request.Descriptor }.Select(d => d.WireId).Distinct().Count());
    }

    [Fact]
    public void WireName_IgnoresCancellationTokenAndNullability()
        => Assert.EndsWith(".DescribeAsync(string,OrleansAuth.Runtime.CodeGen.Tests.Grains.Profile,System.Collections.Generic.IReadOnlyList<string>)", ICounterGrain_DescribeAsync_Request.Descriptor.WireName);

    [Fact]
    public void Codec_GeneratedForMethod_RoundTripsArgumentsAndResult()
    {
        var codec = (GrainRequestCodec<string?>)ICounterGrain_DescribeAsync_Request.Descriptor.CodecFactory!(new ContextResolver(CodeGenTestJsonContext.Default));
        var request = new ICounterGrain_DescribeAsync_Request { Arg0 = null, Arg1 = new Profile("Ada", 36), Arg2 = ["a", null] };

        var json = Write(writer => codec.WriteArguments(request, writer));
        var reader = new Utf8JsonReader(json);
        var copy = Assert.IsType<ICounterGrain_DescribeAsync_Request>(codec.ReadArguments(ref reader));

        Assert.Equal("""[null,{"Name":"Ada","Age":36},["a",null]]""", Encoding.UTF8.GetString(json));
        Assert.Null(copy.Arg0);
        Assert.Equal(new Profile("Ada", 36), copy.Arg1);
        Assert.Equal(["a", null], copy.Arg2);

        var result = Write(writer => codec.WriteResult("described", writer));
        var resultReader = new Utf8JsonReader(result);
        Assert.Equal("described", codec.ReadResult(ref resultReader));
    }

    [Fact]
    public void Codec_MethodWithoutArguments_WritesNothingAndReadsFromNothing()
    {
        var codec = ICounterGrain_GetAsync_Request.Descriptor.CodecFactory!(new ContextResolver(CodeGenTestJsonContext.Default));

        var json = Write(writer => codec.WriteArguments(new ICounterGrain_GetAsync_Request(), writer));
        var reader = new Utf8JsonReader(json);

        Assert.Empty(json);
        Assert.IsType<ICounterGrain_GetAsync_Request>(codec.ReadArguments(ref reader));
    }

    [Fact]
    public void Codec_NullForNonNullableReferenceParameter_IsRefusedByName()
    {
        var codec = ISessionGrain_StartAsync_Request.Descriptor.CodecFactory!(new ContextResolver(CodeGenTestJsonContext.Default));
        var exception = Assert.Throws<JsonException>(() => ReadArguments(codec, """[null,"2026-01-01T00:00:00+00:00"]"""u8.ToArray()));

        Assert.Contains("'user'", exception.Message);
    }

    private static GrainRequest ReadArguments(GrainRequestCodec codec, byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        return codec.ReadArguments(ref reader);
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }

        return hash;
    }

    private sealed class ContextResolver(JsonSerializerContext context) : IGrainTypeInfoResolver
    {
        public JsonTypeInfo<T> GetTypeInfo<T>() => (JsonTypeInfo<T>)(context.GetTypeInfo(typeof(T)) ?? throw new NotSupportedException(typeof(T).ToString()));
    }
}

[JsonSerializable(typeof(Profile))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(IReadOnlyList<string?>))]
internal sealed partial class CodeGenTestJsonContext : JsonSerializerContext;
