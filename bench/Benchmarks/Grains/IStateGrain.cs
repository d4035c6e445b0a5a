namespace OrleansAuth.Benchmarks.Grains;

/// <summary>A grain whose every call is one durable, version-checked state write.</summary>
public interface IStateGrain : IGrainWithStringKey
{
    Task<long> Write(int value);
}
