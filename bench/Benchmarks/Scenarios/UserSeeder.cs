using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using OrleansAuth.Benchmarks.Harness;
using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Benchmarks.Scenarios;

/// <summary>
/// Bulk-loads user accounts for the scale scenario: the stored state of one account registered through the API (the
/// template) is copied <c>--count</c> times with a new email (<c>{prefix}-{i}@bench.test</c>) and user id, no sessions
/// and no pending tokens, so every copy logs in with the template's password. PostgreSQL rows go in through binary
/// COPY; SQLite rows through one prepared statement in one transaction. Rows are version 1, as after a registration.
/// </summary>
internal static class UserSeeder
{
    private const string GrainType = "user";
    private const string StateName = "user";

    public static async Task RunAsync(BenchSettings settings, Report report)
    {
        var provider = settings.Required("provider");
        var connection = settings.Required("connection");
        var clusterId = settings.Required("cluster-id");
        var template = settings.Required("template");
        var prefix = settings.Required("prefix");
        var count = int.Parse(settings.Required("count"), CultureInfo.InvariantCulture);

        var clock = Stopwatch.StartNew();
        if (provider == StorageOptions.PostgresProvider)
        {
            await SeedPostgresAsync(connection, clusterId, template, prefix, count);
        }
        else
        {
            await SeedSqliteAsync(connection, clusterId, template, prefix, count);
        }

        report.Add($"seed: {count} users into {provider}", clock.Elapsed.TotalSeconds, "s", $"{count / clock.Elapsed.TotalSeconds:F0} rows/s");
    }

    public static string Email(string prefix, int i) => $"{prefix}-{i}@bench.test";

    private static async Task SeedPostgresAsync(string connectionString, string clusterId, string template, string prefix, int count)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var connection = await source.OpenConnectionAsync();
        byte[] payload;
        await using (var read = new NpgsqlCommand("SELECT payload FROM grain_state WHERE cluster_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4", connection))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = clusterId });
            read.Parameters.Add(new NpgsqlParameter { Value = GrainType });
            read.Parameters.Add(new NpgsqlParameter { Value = template });
            read.Parameters.Add(new NpgsqlParameter { Value = StateName });
            payload = (byte[])(await read.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No stored state for the template user {template}."));
        }

        var copies = new Copies(payload);
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY grain_state (cluster_id, grain_type, grain_key, state_name, payload, version) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                var email = Email(prefix, i);
                await writer.StartRowAsync();
                await writer.WriteAsync(clusterId, NpgsqlDbType.Text);
                await writer.WriteAsync(GrainType, NpgsqlDbType.Text);
                await writer.WriteAsync(email, NpgsqlDbType.Text);
                await writer.WriteAsync(StateName, NpgsqlDbType.Text);
                await writer.WriteAsync(copies.For(email), NpgsqlDbType.Bytea);
                await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
            }

            await writer.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE grain_state", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task SeedSqliteAsync(string connectionString, string clusterId, string template, string prefix, int count)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var busy = connection.CreateCommand())
        {
            busy.CommandText = "PRAGMA busy_timeout = 30000";
            await busy.ExecuteNonQueryAsync();
        }

        byte[] payload;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT payload FROM grain_state WHERE cluster_id = $c AND grain_type = $t AND grain_key = $k AND state_name = $s";
            read.Parameters.AddWithValue("$c", clusterId);
            read.Parameters.AddWithValue("$t", GrainType);
            read.Parameters.AddWithValue("$k", template);
            read.Parameters.AddWithValue("$s", StateName);
            payload = (byte[])(await read.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No stored state for the template user {template}."));
        }

        var copies = new Copies(payload);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO grain_state (cluster_id, grain_type, grain_key, state_name, payload, version, updated_at) VALUES ($c, $t, $k, $s, $p, 1, $u)";
        insert.Parameters.AddWithValue("$c", clusterId);
        insert.Parameters.AddWithValue("$t", GrainType);
        var key = insert.Parameters.Add("$k", SqliteType.Text);
        insert.Parameters.AddWithValue("$s", StateName);
        var body = insert.Parameters.Add("$p", SqliteType.Blob);
        insert.Parameters.AddWithValue("$u", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        for (var i = 0; i < count; i++)
        {
            var email = Email(prefix, i);
            key.Value = email;
            body.Value = copies.For(email);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>The template's JSON without sessions or pending tokens, with its email and user id swapped per copy.</summary>
    private sealed class Copies
    {
        private readonly string _json;
        private readonly string _email;
        private readonly string _userId;

        public Copies(byte[] templatePayload)
        {
            // Property names follow the storage serializer's naming policy; find them whatever it is.
            var state = JsonNode.Parse(templatePayload)!.AsObject();
            _email = Property(state, "email")!.GetValue<string>();
            _userId = Property(state, "userid")!.GetValue<string>();
            foreach (var name in state.Select(property => property.Key).ToArray())
            {
                switch (Normalize(name))
                {
                    case "sessions":
                        state[name] = new JsonArray();
                        break;
                    case "emailverification" or "passwordreset":
                        state.Remove(name);
                        break;
                }
            }

            _json = state.ToJsonString();
        }

        private static JsonNode? Property(JsonObject state, string normalizedName) =>
            state.FirstOrDefault(property => Normalize(property.Key) == normalizedName).Value
            ?? throw new InvalidOperationException($"The template state has no '{normalizedName}' property.");

        private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

        public byte[] For(string email)
        {
            return Encoding.UTF8.GetBytes(_json
                .Replace(_email, email, StringComparison.Ordinal)
                .Replace(_userId, Guid.NewGuid().ToString("D"), StringComparison.Ordinal));
        }
    }
}
