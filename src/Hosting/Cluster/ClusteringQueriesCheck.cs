using System.Data.Common;
using Microsoft.Extensions.Hosting;
using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Hosting.Cluster;

/// <summary>
/// Before a silo starts, checks that the database holds every <c>OrleansQuery</c> row Orleans' ADO.NET clustering reads
/// at start. Without it Orleans fails deep inside membership startup with a stack trace; this names the missing keys
/// and the script that creates them in one line. Runs after the schema migration (a lifecycle service registered later).
/// </summary>
internal sealed class ClusteringQueriesCheck(IAuthDatabase database) : IHostedLifecycleService
{
    /// <summary>The keys Orleans 10's ADO.NET membership provider refuses to start without.</summary>
    public static readonly IReadOnlyList<string> RequiredKeys =
    [
        "InsertMembershipVersionKey",
        "MembershipReadRowKey",
        "MembershipReadAllKey",
        "InsertMembershipKey",
        "UpdateMembershipKey",
        "UpdateIAmAlivetimeKey",
        "GatewaysQueryKey",
        "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
    ];

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var missing = await FindMissingKeysAsync(cancellationToken).ConfigureAwait(false);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database lacks the Orleans clustering queries {string.Join(", ", missing)} (table OrleansQuery, "
                + "created by sql/postgresql/0008_orleans_clustering.sql): restore those rows before starting a silo.");
        }
    }

    public async Task<IReadOnlyList<string>> FindMissingKeysAsync(CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "SELECT querykey FROM orleansquery";
                try
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            present.Add(reader.GetString(0));
                        }
                    }
                }
                catch (DbException exception) when (exception.SqlState == "42P01")
                {
                    // undefined_table: the clustering script never ran here.
                }
            }
        }

        return [.. RequiredKeys.Where(key => !present.Contains(key))];
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
