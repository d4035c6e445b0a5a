namespace OrleansAuth.Benchmarks.Grains;

/// <summary>A small state, about the size of a user's lockout and session bookkeeping row header.</summary>
internal sealed class BenchState
{
    public int Value { get; set; }

    public long Writes { get; set; }
}
