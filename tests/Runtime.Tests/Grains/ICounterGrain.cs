namespace OrleansAuth.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    [ReadOnly]
    Task<int> Get();

    [ReadOnly]
    Task<long> GetVersion();

    /// <summary>Adds without writing, for tests that need a stale in-memory view.</summary>
    Task<int> AddInMemory(int amount);

    Task Clear();

    Task Deactivate();
}
