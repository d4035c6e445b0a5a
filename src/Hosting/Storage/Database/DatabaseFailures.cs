using System.Net.Sockets;
using Npgsql;

namespace OrleansAuth.Hosting.Storage.Database;

/// <summary>Tells a database that cannot be reached apart from a statement that failed on a working database.</summary>
internal static class DatabaseFailures
{
    /// <summary>
    /// True for refused, lost or timed-out connections and for a server that is shutting down, starting or out of
    /// resources; false for everything a working server answers (constraint violations, serialization failures, bugs).
    /// </summary>
    public static bool IsUnavailable(Exception? exception) => exception switch
    {
        null => false,
        StorageUnavailableException => true,
        PostgresException postgres => IsUnavailableState(postgres.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient || IsUnavailable(npgsql.InnerException),
        TimeoutException or SocketException or IOException => true,
        _ => false,
    };

    // SQLSTATE classes 08 (connection exception) and 53 (insufficient resources), and 57P01–57P03 (admin shutdown,
    // crash shutdown, cannot connect now): https://www.postgresql.org/docs/current/errcodes-appendix.html
    private static bool IsUnavailableState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState is "57P01" or "57P02" or "57P03";
}
