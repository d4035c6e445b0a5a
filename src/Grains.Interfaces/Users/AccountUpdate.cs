using System.Collections.Immutable;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>Administrative change; null members stay as they are. Roles replace the stored roles.</summary>
public sealed record AccountUpdate(bool? Disabled = null, ImmutableArray<string>? Roles = null);
