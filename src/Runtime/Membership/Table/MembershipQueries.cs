using OrleansAuth.Runtime.Storage.Database;

namespace OrleansAuth.Runtime.Membership.Table;

/// <summary>
/// The membership statements (sql/*/0002_membership.sql). SQLite and PostgreSQL share the text apart from the
/// larger-of-two function. Named parameters: @cluster_id, @address, @port, @generation, @silo_name, @status,
/// @suspect_times, @start_time, @i_am_alive_time, @expected_version, @now, @cutoff.
/// </summary>
/// <remarks>
/// Every writer bumps the version row first. On SQLite the write transaction (BEGIN IMMEDIATE) already holds the
/// file's write lock. On PostgreSQL (READ COMMITTED) a second writer waits for the version row's lock, then re-checks
/// the version and updates nothing; taking that lock first also orders all row locks, so writers cannot deadlock.
/// </remarks>
internal sealed class MembershipQueries
{
    private const string Key = "cluster_id = @cluster_id AND address = @address AND port = @port AND generation = @generation";

    private MembershipQueries(string greatest)
    {
        UpdateMember =
            $"UPDATE membership SET status = @status, suspect_times = @suspect_times, i_am_alive_time = {greatest}(i_am_alive_time, @i_am_alive_time) "
            + "WHERE " + Key + " AND (status <> 'Dead' OR @status = 'Dead')";
        UpdateIAmAlive =
            $"UPDATE membership SET i_am_alive_time = {greatest}(i_am_alive_time, @i_am_alive_time) WHERE " + Key + " AND status <> 'Dead'";
    }

    public static MembershipQueries For(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Sqlite => Sqlite,
        SqlDialect.PostgreSql => PostgreSql,
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, null),
    };

    // A single statement reads one consistent snapshot: the version and the rows it describes.
    public string ReadAll { get; } =
        "SELECT v.version, m.address, m.port, m.generation, m.silo_name, m.status, m.suspect_times, m.start_time, m.i_am_alive_time "
        + "FROM membership_version v LEFT JOIN membership m ON m.cluster_id = v.cluster_id WHERE v.cluster_id = @cluster_id";

    public string EnsureVersionRow { get; } =
        "INSERT INTO membership_version (cluster_id, version, updated_at) VALUES (@cluster_id, 0, @now) ON CONFLICT (cluster_id) DO NOTHING";

    public string BumpVersion { get; } =
        "UPDATE membership_version SET version = version + 1, updated_at = @now WHERE cluster_id = @cluster_id AND version = @expected_version";

    public string BumpVersionUnconditionally { get; } =
        "UPDATE membership_version SET version = version + 1, updated_at = @now WHERE cluster_id = @cluster_id";

    // DO NOTHING rather than an error: an identity that already exists is a failed condition, not a fault.
    public string InsertMember { get; } =
        "INSERT INTO membership (cluster_id, address, port, generation, silo_name, status, suspect_times, start_time, i_am_alive_time) "
        + "VALUES (@cluster_id, @address, @port, @generation, @silo_name, @status, @suspect_times, @start_time, @i_am_alive_time) "
        + "ON CONFLICT (cluster_id, address, port, generation) DO NOTHING";

    /// <summary>Status and votes; never out of Dead (the trigger is the backstop); the heartbeat only moves forward.</summary>
    public string UpdateMember { get; }

    public string UpdateIAmAlive { get; }

    public string DeleteDefunct { get; } =
        "DELETE FROM membership WHERE cluster_id = @cluster_id AND status = 'Dead' AND i_am_alive_time < @cutoff";

    private static MembershipQueries Sqlite { get; } = new("MAX");

    private static MembershipQueries PostgreSql { get; } = new("GREATEST");
}
