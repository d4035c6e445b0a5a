using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Placement;

/// <summary>
/// Owner of every grain id over a set of silos (DESIGN.md §1, grain directory on a consistent-hash ring). Each silo
/// takes <see cref="VirtualNodesPerSilo"/> points on a 64-bit ring; a grain belongs to the first point at or after its
/// hash, wrapping around. When a silo joins or leaves only the keys of its own arcs move, about 1/N of them.
/// Immutable: a new ring is built for every membership view, and every node that sees the same silos computes
/// the same owners.
/// </summary>
internal sealed class ConsistentHashRing
{
    /// <summary>Points per silo. Orleans uses 30; more points even out the arcs at a small cost in lookup depth.</summary>
    public const int VirtualNodesPerSilo = 64;

    private readonly ulong[] _points;
    private readonly SiloAddress[] _owners;

    public ConsistentHashRing(IEnumerable<SiloAddress> silos)
    {
        Silos = [.. silos.Distinct().OrderBy(silo => silo.ToString(), StringComparer.Ordinal)];
        var entries = new List<(ulong Point, SiloAddress Silo)>(Silos.Count * VirtualNodesPerSilo);
        foreach (var silo in Silos)
        {
            var identity = silo.ToString();
            for (var i = 0; i < VirtualNodesPerSilo; i++)
            {
                entries.Add((StableHash.Compute($"{identity}#{i}"), silo));
            }
        }

        // Ties (astronomically unlikely) are broken by silo identity so every node orders them the same way.
        entries.Sort((a, b) => a.Point != b.Point
            ? a.Point.CompareTo(b.Point)
            : string.CompareOrdinal(a.Silo.ToString(), b.Silo.ToString()));
        _points = [.. entries.Select(entry => entry.Point)];
        _owners = [.. entries.Select(entry => entry.Silo)];
    }

    /// <summary>The silos on the ring, in a fixed order.</summary>
    public IReadOnlyList<SiloAddress> Silos { get; }

    public bool IsEmpty => _points.Length == 0;

    /// <summary>The silo that owns <paramref name="grainId"/>, or null when the ring is empty.</summary>
    public SiloAddress? GetOwner(GrainId grainId) => IsEmpty ? null : OwnerAt(StableHash.Compute(grainId));

    private SiloAddress OwnerAt(ulong hash)
    {
        var index = Array.BinarySearch(_points, hash);
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }
}
