using System.Runtime.CompilerServices;

using System.Collections.Concurrent;

namespace OrleansAuth.Runtime.Statistics;

/// <summary>
/// Per-silo call and activation counters. Method counters live in an array indexed by
/// <see cref="GrainMethodDescriptor.Id"/>, so recording a call costs no lookup and no allocation.
/// </summary>
internal sealed class GrainCallStatistics : IGrainRuntimeStatistics
{
    private readonly Lock _growLock = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _activations = new(StringComparer.Ordinal);
    private MethodCounters?[] _methods = new MethodCounters?[64];
    private long _activationCount;

    public long ActivationCount => Interlocked.Read(ref _activationCount);

    public void RecordCall(GrainMethodDescriptor method, TimeSpan elapsed, bool failed) => GetCounters(method).Record(elapsed, failed);

    public void OnActivated(string grainType)
    {
        Interlocked.Increment(ref _activationCount);
        Interlocked.Increment(ref _activations.GetOrAdd(grainType, static _ => new StrongBox<long>()).Value);
    }

    public void OnDeactivated(string grainType)
    {
        Interlocked.Decrement(ref _activationCount);
        Interlocked.Decrement(ref _activations.GetOrAdd(grainType, static _ => new StrongBox<long>()).Value);
    }

    public IReadOnlyDictionary<string, long> GetActivationCounts()
        => _activations.ToDictionary(p => p.Key, p => Interlocked.Read(ref p.Value.Value), StringComparer.Ordinal);

    public IReadOnlyList<GrainMethodStatistics> GetMethodStatistics()
    {
        var methods = Volatile.Read(ref _methods);
        var result = new List<GrainMethodStatistics>();
        foreach (var counters in methods)
        {
            if (counters is not null)
            {
                result.Add(counters.Snapshot());
            }
        }

        return result;
    }

    private MethodCounters GetCounters(GrainMethodDescriptor method)
    {
        var methods = Volatile.Read(ref _methods);
        if (method.Id < methods.Length && methods[method.Id] is { } existing)
        {
            return existing;
        }

        lock (_growLock)
        {
            methods = _methods;
            if (method.Id >= methods.Length)
            {
                Array.Resize(ref methods, Math.Max(method.Id + 1, methods.Length * 2));
            }

            var counters = methods[method.Id] ??= new MethodCounters(method);
            Volatile.Write(ref _methods, methods);
            return counters;
        }
    }
}
