using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Membership.Table;

/// <summary>
/// One cluster's rows of the membership table (sql/*/0002_membership.sql). Every change is conditional on the table
/// version the caller read: it returns false, changing nothing, when another writer got there first; the caller then
/// re-reads and decides again.
/// </summary>
internal interface IMembershipTable
{
    /// <summary>The table version and every row, read in one statement so they belong together.</summary>
    Task<ClusterMembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a new silo row and bumps the version, if the version is still <paramref name="expectedVersion"/> and the identity is new.</summary>
    Task<bool> TryInsertAsync(ClusterMember member, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the row's status and suspicion votes and bumps the version, if the version is still
    /// <paramref name="expectedVersion"/>. A Dead row is never changed to another status. The heartbeat time only
    /// moves forward.
    /// </summary>
    Task<bool> TryUpdateAsync(ClusterMember member, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Records a heartbeat of a live row (not versioned). False if the row is missing or Dead.</summary>
    Task<bool> UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken);

    /// <summary>Deletes Dead rows whose last heartbeat is before <paramref name="cutoff"/>; bumps the version if any went.</summary>
    Task<int> DeleteDefunctAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
