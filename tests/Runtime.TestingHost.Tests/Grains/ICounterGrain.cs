namespace OrleansAuth.Runtime.TestingHost.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds, writes the state, returns the new value.</summary>
    Task<int> Add(int amount);

    [ReadOnly]
    Task<int> Get();

    /// <summary>The silo this activation runs on.</summary>
    [ReadOnly]
    Task<string> GetSilo();

    /// <summary>Enters its turn, waits for the test to open <paramref name="gate"/>, then adds and writes.</summary>
    Task<int> AddAfterGate(int amount, string gate);

    /// <summary>A reader: enters its turn, waits for the test to open <paramref name="gate"/>, then returns the value.</summary>
    [ReadOnly]
    Task<int> GetAfterGate(string gate);
}
