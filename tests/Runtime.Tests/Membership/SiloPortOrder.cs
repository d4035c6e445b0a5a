using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Tests.Membership;

/// <summary>Orders silos of one test by port, to compare voter lists regardless of the order votes were cast.</summary>
internal sealed class SiloPortOrder : IComparer<SiloAddress>
{
    public static readonly SiloPortOrder Instance = new();

    public int Compare(SiloAddress x, SiloAddress y) => x.Port.CompareTo(y.Port);
}
