using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansAuth.Grains.Events;

namespace OrleansAuth.Grains.Users;

/// <summary>Source-generated JSON for the user grain's state and its event data (snake_case, nulls left out).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UserState))]
[JsonSerializable(typeof(UserEventData))]
internal sealed partial class UserGrainJsonContext : JsonSerializerContext;
