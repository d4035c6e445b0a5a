namespace OrleansAuth.Benchmarks.Grains;

/// <summary>A stateless grain: the cost of the runtime alone (call path, activation, memory).</summary>
public interface IPingGrain : IGrainWithStringKey
{
    Task<int> Ping(int value);

    /// <summary>The silo the activation runs on (address:port:generation).</summary>
    [ReadOnly]
    Task<string> GetSilo();

    Task Deactivate();
}
