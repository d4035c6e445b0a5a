namespace OrleansAuth.Benchmarks.Grains;

/// <summary>A small state, about the size of a user's lockout and session bookkeeping row header.</summary>
[GenerateSerializer]
[Alias("OrleansAuth.Benchmarks.BenchState")]
public sealed class BenchState
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public long Writes { get; set; }
}
