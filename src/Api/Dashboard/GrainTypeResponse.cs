namespace OrleansAuth.Api.Dashboard;

/// <summary>One grain type over every silo: activations alive, calls and errors, and its methods busiest first.</summary>
internal sealed record GrainTypeResponse(string GrainType, long Activations, long Calls, long Errors, IReadOnlyList<GrainMethodResponse> Methods);
