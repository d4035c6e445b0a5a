namespace OrleansAuth.Runtime.Activation;

/// <summary>A grain class made available to the silo by <c>AddGrain</c>.</summary>
internal sealed record GrainRegistration(string GrainType, Type GrainClass);
