namespace OrleansAuth.Api.Dashboard;

/// <summary>
/// One method over every silo: calls and errors are sums; the mean is exact; p50/p99 are the largest of the silos'
/// (each an upper bound of a power-of-two bucket), so they never understate.
/// </summary>
internal sealed record GrainMethodResponse(string Interface, string Method, long Calls, long Errors, double AverageMs, double P50Ms, double P99Ms);
