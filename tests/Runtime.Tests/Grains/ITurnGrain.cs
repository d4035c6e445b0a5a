namespace OrleansAuth.Runtime.Tests.Grains;

public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>A writer that yields several times inside its turn; records its ticket and the overlap it saw.</summary>
    Task<int> Enter(int ticket);

    /// <summary>Completes only once two readers are inside at the same time.</summary>
    [ReadOnly]
    Task<int> ReadTogether(CancellationToken cancellationToken);

    /// <summary>A writer reporting how many readers were inside when it ran.</summary>
    Task<int> WriteAndCountReaders();

    Task HoldUntilOpened(string gate, CancellationToken cancellationToken);

    [ReadOnly]
    Task ReadUntilOpened(string gate, CancellationToken cancellationToken);

    Task Hang(CancellationToken cancellationToken);

    [ResponseTimeout("00:00:02")]
    Task HangBriefly(CancellationToken cancellationToken);

    Task<string> Ping();

    Task Fail(string message);

    [AlwaysInterleave]
    Task<int> MaxConcurrency();

    [AlwaysInterleave]
    Task<int[]> Tickets();
}
