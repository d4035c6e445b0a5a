namespace OrleansAuth.Runtime;

/// <summary>Marks a grain interface method that may interleave with any other request of the activation.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;
