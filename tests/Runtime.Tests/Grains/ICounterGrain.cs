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

    /// <summary>Waits for the test to open <paramref name="gate"/>, then adds and writes.</summary>
    Task<int> AddAfterGate(int amount, string gate);

    Task Clear();

    Task Deactivate();
}
