using Microsoft.Extensions.Logging.Abstractions;
using OrleansAuth.Runtime.Storage.Database;
using OrleansAuth.Runtime.Storage.Migrations;

namespace OrleansAuth.Runtime.Tests.Membership;

/// <summary>Databases opened by a test, migrated on request and disposed with it.</summary>
internal sealed class MembershipDatabases : IAsyncDisposable
{
    private readonly List<IAuthDatabase> _databases = [];

    public IAuthDatabase Add(IAuthDatabase database)
    {
        lock (_databases)
        {
            _databases.Add(database);
        }

        return database;
    }

    public static Task MigrateAsync(IAuthDatabase database) =>
        new SchemaMigrator(database, MigrationScriptCatalog.Load(database.Dialect), NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await ((IAsyncDisposable)database).DisposeAsync();
        }
    }
}
