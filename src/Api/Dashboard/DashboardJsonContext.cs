using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansAuth.Api.Dashboard;

/// <summary>Source-generated snake_case JSON of the dashboard's data endpoints.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ClusterResponse))]
[JsonSerializable(typeof(GrainsResponse))]
[JsonSerializable(typeof(MembershipResponse))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
