namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>Shared by the requests a silo received: its clock, and a count of those not yet answered (for draining).</summary>
internal sealed class InboundCallContext(TimeProvider timeProvider)
{
    private int _inFlight;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void OnReceived() => Interlocked.Increment(ref _inFlight);

    public void OnAnswered() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Waits (real time) until every received request has been answered, or <paramref name="timeout"/> passed.</summary>
    public async Task<bool> WaitUntilAnsweredAsync(TimeSpan timeout)
    {
        var waited = TimeSpan.Zero;
        var step = TimeSpan.FromMilliseconds(10);
        while (InFlight > 0)
        {
            if (waited >= timeout)
            {
                return false;
            }

            await Task.Delay(step).ConfigureAwait(false);
            waited += step;
        }

        return true;
    }
}
