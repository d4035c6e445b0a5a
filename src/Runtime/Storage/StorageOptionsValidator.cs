using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansAuth.Runtime.Storage.Database;

namespace OrleansAuth.Runtime.Storage;

/// <summary>Fails start with messages that name the configuration key to fix.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        var sqlite = AuthDatabaseFactory.IsSqlite(options.Provider);
        var postgres = AuthDatabaseFactory.IsPostgres(options.Provider);
        if (!sqlite && !postgres)
        {
            failures.Add($"Storage:Provider must be '{StorageOptions.SqliteProvider}' or '{StorageOptions.PostgresProvider}' (was '{options.Provider}').");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("ConnectionStrings:AuthDb must not be empty.");
        }
        else if (sqlite || postgres)
        {
            try
            {
                // Parse now so a typo fails start rather than the first request.
                _ = sqlite
                    ? new SqliteConnectionStringBuilder(options.ConnectionString).ConnectionString
                    : new NpgsqlConnectionStringBuilder(options.ConnectionString).ConnectionString;
            }
            catch (ArgumentException exception)
            {
                failures.Add($"ConnectionStrings:AuthDb is not a valid {options.Provider} connection string: {exception.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Cluster:ClusterId must not be empty.");
        }
        else if (GrainStorageKeys.Describe(options.ClusterId, GrainStorageKeys.MaxNameBytes) is { } problem)
        {
            failures.Add($"Cluster:ClusterId {problem}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
