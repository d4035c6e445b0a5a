using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansAuth.Api.Discovery;
using OrleansAuth.Api.Health;

namespace OrleansAuth.Api.Json;

/// <summary>Source-generated (reflection-free) JSON for every body the API reads or writes, in snake_case.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(DiscoveryDocument))]
[JsonSerializable(typeof(JsonWebKeySetDocument))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
