namespace OrleansAuth.Hosting.Tests.Infrastructure;

/// <summary>Explicit waits on a condition, with a wall-clock bound generous enough for a loaded 2-core machine.</summary>
public static class Wait
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {Patience} waiting until {what}.");
            await Task.Delay(5);
        }
    }
}
