using System.Collections.Concurrent;

namespace OrleansAuth.Runtime.TestingHost.Tests.Infrastructure;

/// <summary>One instance shared by every silo of a test cluster: what happened inside grains, and gates tests open.</summary>
public sealed class ClusterEvents
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();
    private readonly ConcurrentQueue<string> _events = new();

    public void Record(string @event)
    {
        _events.Enqueue(@event);
        Signal(@event).TrySetResult();
    }

    public Task WhenRecorded(string @event) => Signal(@event).Task;

    public Task Gate(string name) => Signal("gate:" + name).Task;

    public void Open(string name) => Signal("gate:" + name).TrySetResult();

    /// <summary>Events starting with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<string> Matching(string prefix) => [.. _events.Where(e => e.StartsWith(prefix, StringComparison.Ordinal))];

    private TaskCompletionSource Signal(string name) => _signals.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
