using OrleansAuth.Runtime.Tests.Infrastructure;

namespace OrleansAuth.Runtime.Tests.Grains;

public sealed class TurnGrain(TurnLog log) : Grain, ITurnGrain
{
    private readonly List<int> _tickets = [];
    private int _inside;
    private int _maxInside;
    private int _readers;
    private TaskCompletionSource _bothReadersInside = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<int> Enter(int ticket)
    {
        var inside = Interlocked.Increment(ref _inside);
        _maxInside = Math.Max(_maxInside, inside);
        _tickets.Add(ticket);
        for (var i = 0; i < 3; i++)
        {
            await Task.Yield();
        }

        await Task.Delay(1);
        Interlocked.Decrement(ref _inside);
        return inside;
    }

    public async Task<int> ReadTogether(CancellationToken cancellationToken)
    {
        var readers = Interlocked.Increment(ref _readers);
        if (readers == 2)
        {
            _bothReadersInside.TrySetResult();
        }

        try
        {
            await _bothReadersInside.Task.WaitAsync(cancellationToken);
            return readers;
        }
        finally
        {
            if (Interlocked.Decrement(ref _readers) == 0)
            {
                _bothReadersInside = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public Task<int> WriteAndCountReaders() => Task.FromResult(Volatile.Read(ref _readers));

    public async Task HoldUntilOpened(string gate, CancellationToken cancellationToken)
    {
        log.Record($"entered:{gate}");
        await log.Gate(gate).WaitAsync(cancellationToken);
        log.Record($"left:{gate}");
    }

    public async Task ReadUntilOpened(string gate, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _readers);
        try
        {
            await HoldUntilOpened(gate, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _readers);
        }
    }

    public async Task Hang(CancellationToken cancellationToken)
    {
        log.Record($"hang:{GrainKey}");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        finally
        {
            log.Record($"hang-cancelled:{GrainKey}");
        }
    }

    public Task HangBriefly(CancellationToken cancellationToken) => Hang(cancellationToken);

    public Task<string> Ping() => Task.FromResult($"pong:{GrainKey}");

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public Task<int> MaxConcurrency() => Task.FromResult(_maxInside);

    public Task<int[]> Tickets() => Task.FromResult(_tickets.ToArray());
}
