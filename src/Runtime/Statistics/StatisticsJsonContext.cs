using System.Text.Json.Serialization;

namespace OrleansAuth.Runtime.Statistics;

/// <summary>The statistics answer of a silo on the wire.</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(SiloRuntimeReport))]
internal sealed partial class StatisticsJsonContext : JsonSerializerContext;
