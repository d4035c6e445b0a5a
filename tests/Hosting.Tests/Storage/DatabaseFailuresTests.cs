using System.Net.Sockets;
using Npgsql;
using OrleansAuth.Hosting.Storage.Database;

using Orleans.Storage;

using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Hosting.Tests.Storage;

public sealed class DatabaseFailuresTests
{
    public static TheoryData<Exception, bool> Failures => new()
    {
        { new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"), true },
        { new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03"), true },
        { new PostgresException("connection failure", "FATAL", "FATAL", "08006"), true },
        { new PostgresException("too many connections", "FATAL", "FATAL", "53300"), true },
        { new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)), true },
        { new NpgsqlException("Exception while reading from stream", new TimeoutException()), true },
        { new TimeoutException(), true },
        { new StorageUnavailableException("open"), true },
        { new PostgresException("duplicate key value", "ERROR", "ERROR", "23505"), false },
        { new PostgresException("could not serialize access", "ERROR", "ERROR", "40001"), false },
        { new PostgresException("syntax error", "ERROR", "ERROR", "42601"), false },
        { new InconsistentStateException("stale"), false },
        { new InvalidOperationException("bug"), false },
        { new OperationCanceledException(), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void IsUnavailable_Exception_TellsUnreachableDatabaseFromFailedStatement(Exception exception, bool unavailable) =>
        Assert.Equal(unavailable, DatabaseFailures.IsUnavailable(exception));
}
