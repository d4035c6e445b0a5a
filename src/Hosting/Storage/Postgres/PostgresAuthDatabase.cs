using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Hosting.Storage.Postgres;

/// <summary>A PostgreSQL database reached through one <see cref="NpgsqlDataSource"/> (one pool) per process.</summary>
internal sealed class PostgresAuthDatabase : IAuthDatabase, IAsyncDisposable, IDisposable
{
    private readonly ILogger<PostgresAuthDatabase> _logger;
    private readonly TimeSpan _pingTimeout;

    /// <summary>
    /// Connects with <see cref="StorageOptions.ConnectTimeout"/> and <see cref="StorageOptions.CommandTimeout"/> unless
    /// the connection string sets <c>Timeout</c> / <c>Command Timeout</c> itself.
    /// </summary>
    public PostgresAuthDatabase(string connectionString, StorageOptions options, ILoggerFactory loggerFactory)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);

        // NpgsqlConnectionStringBuilder.ContainsKey answers for every known keyword; the plain builder only for those set.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Timeout"))
        {
            builder.ConnectionStringBuilder.Timeout = (int)options.ConnectTimeout.TotalSeconds;
        }

        if (!given.ContainsKey("Command Timeout"))
        {
            builder.ConnectionStringBuilder.CommandTimeout = (int)options.CommandTimeout.TotalSeconds;
        }

        _pingTimeout = options.HealthCheckTimeout;
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
        // A readiness probe must answer quickly even when the server hangs; the caller's token may be unbounded.
        timeout.CancelAfter(_pingTimeout);
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
