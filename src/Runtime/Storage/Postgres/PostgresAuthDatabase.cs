using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansAuth.Runtime.Storage.Database;

namespace OrleansAuth.Runtime.Storage.Postgres;

/// <summary>A PostgreSQL database reached through one <see cref="NpgsqlDataSource"/> (one pool) per process.</summary>
internal sealed class PostgresAuthDatabase : IAuthDatabase, IAsyncDisposable, IDisposable
{
    // A readiness probe must answer quickly even when the server hangs; the caller's token may be unbounded.
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);

    private readonly ILogger<PostgresAuthDatabase> _logger;

    public PostgresAuthDatabase(string connectionString, ILoggerFactory loggerFactory)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseLoggerFactory(loggerFactory);
        DataSource = builder.Build();
        _logger = loggerFactory.CreateLogger<PostgresAuthDatabase>();
    }

    public SqlDialect Dialect => SqlDialect.PostgreSql;

    internal NpgsqlDataSource DataSource { get; }

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PingTimeout);
        try
        {
            var command = DataSource.CreateCommand("SELECT 1");
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
                return true;
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.DatabasePingFailed(exception, Dialect);
            return false;
        }
    }

    public void Dispose() => DataSource.Dispose();

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
