namespace OrleansAuth.Runtime.TestingHost.Tests.Grains;

public sealed class CounterState
{
    public int Value { get; set; }
}
