using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace OrleansAuth.Runtime.Tests.Grains;

public sealed record EchoRequest(int Id, string Text, ImmutableArray<string> Tags, DateTimeOffset SentAt);

public sealed record EchoReply(int Id, string Text, int TagCount, string Silo);

/// <summary>A type deliberately left out of <see cref="TestGrainsJsonContext"/>.</summary>
public sealed record Unregistered(string Value);

[JsonSerializable(typeof(EchoRequest))]
[JsonSerializable(typeof(EchoReply))]
internal sealed partial class TestGrainsJsonContext : JsonSerializerContext;
