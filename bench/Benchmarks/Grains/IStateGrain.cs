namespace OrleansAuth.Benchmarks.Grains;

/// <summary>A grain whose every call is one durable, version-checked state write.</summary>
[Alias("OrleansAuth.Benchmarks.IStateGrain")]
public interface IStateGrain : IGrainWithStringKey
{
    [Alias("Write")]
    Task<string?> Write(int value);
}
