using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Placement;

namespace OrleansAuth.Runtime.Tests.Placement;

public sealed class ConsistentHashRingTests
{
    private static readonly SiloAddress _a = new("127.0.0.1", 11111, 1_700_000_000_001);
    private static readonly SiloAddress _b = new("127.0.0.1", 11112, 1_700_000_000_002);
    private static readonly SiloAddress _c = new("127.0.0.1", 11113, 1_700_000_000_003);
    private static readonly SiloAddress _d = new("127.0.0.1", 11114, 1_700_000_000_004);

    private static readonly GrainId[] _users =
        [.. Enumerable.Range(0, 30_000).Select(i => new GrainId("user", $"user{i}@example.com"))];

    [Fact]
    public void GetOwner_ThreeSilos_EachOwnsRoughlyAThird()
    {
        var ring = new ConsistentHashRing([_a, _b, _c]);

        var shares = _users.GroupBy(ring.GetOwner).ToDictionary(group => group.Key!.Value, group => group.Count() / (double)_users.Length);

        Assert.Equal(3, shares.Count);
        Assert.All(shares.Values, share => Assert.InRange(share, 0.25, 0.42));
    }

    [Fact]
    public void GetOwner_SiloJoins_OnlyKeysMovingToTheNewSiloMove()
    {
        var before = new ConsistentHashRing([_a, _b, _c]);
        var after = new ConsistentHashRing([_a, _b, _c, _d]);

        var moved = _users.Where(id => before.GetOwner(id) != after.GetOwner(id)).ToList();

        Assert.All(moved, id => Assert.Equal(_d, after.GetOwner(id)));
        Assert.InRange(moved.Count / (double)_users.Length, 0.15, 0.35);
    }

    [Fact]
    public void GetOwner_SiloLeaves_OnlyItsKeysMove()
    {
        var before = new ConsistentHashRing([_a, _b, _c]);
        var after = new ConsistentHashRing([_a, _c]);

        foreach (var id in _users)
        {
            var owner = before.GetOwner(id);
            if (owner != _b)
            {
                Assert.Equal(owner, after.GetOwner(id));
            }
            else
            {
                Assert.NotEqual(_b, after.GetOwner(id));
            }
        }
    }

    [Fact]
    public void GetOwner_SameSilosInAnyOrder_SameOwners()
    {
        var one = new ConsistentHashRing([_a, _b, _c]);
        var other = new ConsistentHashRing([_c, _a, _b, _a]);

        Assert.All(_users.Take(5_000), id => Assert.Equal(one.GetOwner(id), other.GetOwner(id)));
        Assert.Equal(3, other.Silos.Count);
    }

    [Fact]
    public void GetOwner_RestartedSiloOnSameEndpoint_IsADifferentRingMember()
    {
        var restarted = _b with { Generation = _b.Generation + 1 };
        var ring = new ConsistentHashRing([_a, restarted, _c]);

        Assert.DoesNotContain(_users.Take(5_000), id => ring.GetOwner(id) == _b);
        Assert.Contains(_users.Take(5_000), id => ring.GetOwner(id) == restarted);
    }

    [Fact]
    public void GetOwner_EmptyRing_IsNull()
    {
        var ring = new ConsistentHashRing([]);

        Assert.True(ring.IsEmpty);
        Assert.Null(ring.GetOwner(_users[0]));
    }

    [Fact]
    public void Compute_KnownInputs_SameValueInEveryProcess()
    {
        // Fixed vector (FNV-1a 64 + SplitMix64 finalizer, cross-checked in Python): the owner of a grain must not depend on the process (string.GetHashCode is randomized),
        // the runtime version or the machine, or nodes would disagree about ownership.
        Assert.Equal(0xC846A901BF53D0C1UL, StableHash.Compute("user/alice@example.com"));
        Assert.Equal(StableHash.Compute("user/alice@example.com"), StableHash.Compute(new GrainId("user", "alice@example.com")));
        Assert.NotEqual(StableHash.Compute("user/alice@example.com"), StableHash.Compute("user/alice@example.co"));
    }

    [Fact]
    public void Compute_LongAndNonAsciiKeys_HashWholeText()
    {
        var longKey = new string('a', 500) + "é😀" + new string('b', 500);

        Assert.NotEqual(StableHash.Compute(longKey), StableHash.Compute(longKey[..^1]));
        Assert.NotEqual(StableHash.Compute("é😀x"), StableHash.Compute("é😀y"));
        Assert.Equal(StableHash.Compute(longKey), StableHash.Compute(string.Concat(longKey.AsSpan(0, 300), longKey.AsSpan(300))));
    }
}
