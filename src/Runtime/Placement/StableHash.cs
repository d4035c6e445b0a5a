using System.Text;

namespace OrleansAuth.Runtime.Placement;

/// <summary>
/// A 64-bit hash that is the same in every process, build and platform (string.GetHashCode is randomized per
/// process), so that every node computes the same owner for a grain: FNV-1a over UTF-8, then a SplitMix64
/// finalizer because FNV alone spreads similar keys (user1@x, user2@x) poorly across the high bits the ring uses.
/// </summary>
internal static class StableHash
{
    private const ulong _fnvOffset = 14695981039346656037UL;
    private const ulong _fnvPrime = 1099511628211UL;

    public static ulong Compute(GrainId grainId)
    {
        var hash = Append(_fnvOffset, grainId.Type);
        hash = Append(hash, "/");
        return Finalize(Append(hash, grainId.Key));
    }

    public static ulong Compute(string value) => Finalize(Append(_fnvOffset, value));

    private static ulong Append(ulong hash, string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        var remaining = value.AsSpan();
        while (!remaining.IsEmpty)
        {
            // Whole characters per chunk (a UTF-8 sequence never splits across chunks); 64 chars ≤ 192 bytes.
            var chunk = remaining[..Math.Min(remaining.Length, 64)];
            if (chunk.Length < remaining.Length && char.IsHighSurrogate(chunk[^1]))
            {
                chunk = chunk[..^1];
            }

            var written = Encoding.UTF8.GetBytes(chunk, buffer);
            foreach (var b in buffer[..written])
            {
                hash = (hash ^ b) * _fnvPrime;
            }

            remaining = remaining[chunk.Length..];
        }

        return hash;
    }

    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
