using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace OrleansAuth.Grains.Directory;

/// <summary>The roles column of the users projection: a JSON array of strings.</summary>
[JsonSerializable(typeof(ImmutableArray<string>))]
internal sealed partial class DirectoryJsonContext : JsonSerializerContext;
