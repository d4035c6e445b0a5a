namespace OrleansAuth.Runtime.Tests.Grains;

public sealed class CounterState
{
    public int Value { get; set; }

    public List<int> History { get; set; } = [];
}
