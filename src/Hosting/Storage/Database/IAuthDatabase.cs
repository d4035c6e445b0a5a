using System.Data.Common;

namespace OrleansAuth.Hosting.Storage.Database;

/// <summary>
/// The configured SQL database, shared by every store of the process (grain state, membership, projections, events)
/// so that they share one connection pool and one set of connection settings.
/// </summary>
public interface IAuthDatabase
{
    SqlDialect Dialect { get; }

    /// <summary>Opens a connection with the session settings every store relies on. The caller disposes it.</summary>
    ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins a transaction that intends to write. On SQLite it takes the write lock up front (BEGIN IMMEDIATE):
    /// a read-then-write transaction that upgrades later fails with SQLITE_BUSY instead of waiting.
    /// </summary>
    ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>True when a trivial query succeeds within a few seconds; never throws except on cancellation.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
