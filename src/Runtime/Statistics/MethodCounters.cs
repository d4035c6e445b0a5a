namespace OrleansAuth.Runtime.Statistics;

/// <summary>Lock-free counters of one grain method on one silo.</summary>
internal sealed class MethodCounters(GrainMethodDescriptor method)
{
    // Bucket i counts calls that took less than 2^i microseconds (the last bucket takes the rest).
    private const int BucketCount = 32;

    private readonly long[] _buckets = new long[BucketCount];
    private long _calls;
    private long _errors;
    private long _totalTicks;

    public GrainMethodDescriptor Method { get; } = method;

    public void Record(TimeSpan elapsed, bool failed)
    {
        Interlocked.Increment(ref _calls);
        if (failed)
        {
            Interlocked.Increment(ref _errors);
        }

        Interlocked.Add(ref _totalTicks, elapsed.Ticks);
        var micros = (ulong)Math.Max(0, elapsed.Ticks / TimeSpan.TicksPerMicrosecond);
        var bucket = Math.Min(BucketCount - 1, 64 - System.Numerics.BitOperations.LeadingZeroCount(micros));
        Interlocked.Increment(ref _buckets[bucket]);
    }

    public GrainMethodStatistics Snapshot()
    {
        var buckets = new long[BucketCount];
        long counted = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            buckets[i] = Volatile.Read(ref _buckets[i]);
            counted += buckets[i];
        }

        return new GrainMethodStatistics(
            Method.GrainType,
            Method.InterfaceName,
            Method.MethodName,
            Volatile.Read(ref _calls),
            Volatile.Read(ref _errors),
            TimeSpan.FromTicks(Volatile.Read(ref _totalTicks)),
            Percentile(buckets, counted, 0.50),
            Percentile(buckets, counted, 0.99));
    }

    private static TimeSpan Percentile(long[] buckets, long counted, double quantile)
    {
        if (counted == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (long)Math.Ceiling(counted * quantile);
        long seen = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            seen += buckets[i];
            if (seen >= rank)
            {
                return TimeSpan.FromMicroseconds(1L << i);
            }
        }

        return TimeSpan.FromMicroseconds(1L << (buckets.Length - 1));
    }
}
