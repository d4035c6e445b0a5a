using System.Collections.Concurrent;

namespace OrleansAuth.Runtime.Tests.Infrastructure;

/// <summary>Shared by test grains and tests: what happened inside grains, and gates the tests open.</summary>
public sealed class TurnLog
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();
    private readonly ConcurrentQueue<string> _events = new();

    public IReadOnlyList<string> Events => [.. _events];

    public void Record(string @event)
    {
        _events.Enqueue(@event);
        Signal(@event).TrySetResult();
    }

    /// <summary>Completes when <paramref name="event"/> has been recorded (at once if it already was).</summary>
    public Task WhenRecorded(string @event) => Signal(@event).Task;

    public Task Gate(string name) => Signal("gate:" + name).Task;

    public void Open(string name) => Signal("gate:" + name).TrySetResult();

    public int Count(string prefix) => _events.Count(e => e.StartsWith(prefix, StringComparison.Ordinal));

    private TaskCompletionSource Signal(string name) => _signals.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
