namespace OrleansAuth.Runtime;

/// <summary>Marks a grain interface method that does not modify state; read-only requests may interleave with each other.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;
