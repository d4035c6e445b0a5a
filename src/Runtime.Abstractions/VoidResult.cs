namespace OrleansAuth.Runtime;

/// <summary>Result type of grain methods returning a plain <see cref="Task"/>.</summary>
public readonly record struct VoidResult;
