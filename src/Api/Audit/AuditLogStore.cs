using System.Data.Common;
using System.Text;
using System.Text.Json;
using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Api.Audit;

/// <summary>
/// Reads the audit_log table (sql/*/0005_audit_log.sql), which a trigger on grain_events fills; the API never writes
/// it. Newest first: occurred_at, then the row id for events of the same instant.
/// </summary>
internal sealed class AuditLogStore(IAuthDatabase database, string clusterId)
{
    private const string Columns =
        "event_id, event_type, occurred_at, user_id, email, actor_id, actor_email, client_address, user_agent, correlation_id, ";

    public async Task<(IReadOnlyList<AuditEntryResponse> Items, long Total)> ReadPageAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var filter = new StringBuilder("FROM audit_log WHERE cluster_id = @cluster_id");
        if (query.UserId is not null)
        {
            filter.Append(" AND user_id = @user_id");
        }

        if (query.Type is not null)
        {
            filter.Append(" AND event_type = @event_type");
        }

        var data = database.Dialect == SqlDialect.PostgreSql ? "data::text" : "data";
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            long total;
            var count = Command(connection, $"SELECT count(*) {filter}", query);
            await using (count.ConfigureAwait(false))
            {
                total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }

            var select = Command(connection, $"SELECT {Columns}{data} {filter} ORDER BY occurred_at DESC, id DESC LIMIT @limit OFFSET @offset", query);
            await using (select.ConfigureAwait(false))
            {
                select.AddParameter("@limit", query.PageSize);
                select.AddParameter("@offset", query.Offset);
                return (await ReadEntriesAsync(select, cancellationToken).ConfigureAwait(false), total);
            }
        }
    }

    private static async Task<IReadOnlyList<AuditEntryResponse>> ReadEntriesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntryResponse>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(new AuditEntryResponse(
                    reader.GetFieldValue<Guid>(0),
                    reader.GetString(1),
                    reader.GetFieldValue<DateTimeOffset>(2),
                    Text(reader, 3),
                    Text(reader, 4),
                    Text(reader, 5),
                    Text(reader, 6),
                    Text(reader, 7),
                    Text(reader, 8),
                    Text(reader, 9),
                    ParseData(reader.GetString(10))));
            }
        }

        return entries;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    // The trigger stores an object (SQLite: '{}' for invalid JSON); a value that still fails to parse is shown as a string.
    private static JsonElement ParseData(string data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(data, Json.ApiJsonContext.Default.String);
        }
    }

    private DbCommand Command(DbConnection connection, string sql, AuditQuery query)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("@cluster_id", clusterId);
        if (query.UserId is { } userId)
        {
            // Stored as the event's text (System.Text.Json writes lower-case "D").
            command.AddParameter("@user_id", userId.ToString("D"));
        }

        if (query.Type is { } type)
        {
            command.AddParameter("@event_type", type);
        }

        return command;
    }
}
