using Orleans.Concurrency;

namespace OrleansAuth.Benchmarks.Grains;

/// <summary>A stateless grain: the cost of the runtime alone (call path, activation, memory).</summary>
[Alias("OrleansAuth.Benchmarks.IPingGrain")]
public interface IPingGrain : IGrainWithStringKey
{
    [Alias("Ping")]
    Task<PingReply> Ping(PingRequest request);

    /// <summary>The silo the activation runs on.</summary>
    [ReadOnly]
    [Alias("GetSilo")]
    Task<SiloAddress> GetSilo();

    [Alias("Deactivate")]
    Task Deactivate();
}
