using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Grains.Directory;

/// <summary>
/// Reads the <c>users</c> projection (sql/*/0006_users.sql), which triggers on grain_events keep in step with the user
/// grains in the same transaction as each write. The grains stay the source of truth: the projection answers "which
/// accounts exist" (by user id, in pages) where a grain keyed by email cannot. The statements are the same on SQLite
/// and PostgreSQL; only the user id parameter differs (text there, uuid here).
/// </summary>
public sealed class UserDirectory(IAuthDatabase database, string clusterId)
{
    private const string Columns = "user_id, email, email_verified, disabled, roles, created_at, updated_at";

    private const string CountSql = "SELECT COUNT(*) FROM users WHERE cluster_id = @cluster_id";

    // created_at then user_id: a total order that new registrations only extend (they sort last).
    private const string PageSql =
        "SELECT " + Columns + " FROM users WHERE cluster_id = @cluster_id ORDER BY created_at, user_id LIMIT @limit OFFSET @offset";

    private const string FindSql = "SELECT " + Columns + " FROM users WHERE cluster_id = @cluster_id AND user_id = @user_id";

    /// <summary>Page <paramref name="page"/> (from 1) of <paramref name="pageSize"/> users, oldest first.</summary>
    public async Task<UserPage> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(page);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            long total;
            var count = connection.CreateClusterCommand(CountSql, clusterId);
            await using (count.ConfigureAwait(false))
            {
                total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            }

            var select = connection.CreateClusterCommand(PageSql, clusterId);
            await using (select.ConfigureAwait(false))
            {
                select.AddParameter("@limit", (long)pageSize);
                select.AddParameter("@offset", ((long)page - 1) * pageSize);
                return new UserPage(await ReadAllAsync(select, cancellationToken).ConfigureAwait(false), total);
            }
        }
    }

    /// <summary>The user with this id, or null when there is none (never registered, or deleted).</summary>
    public async Task<UserSummary?> FindAsync(Guid userId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateClusterCommand(FindSql, clusterId);
            await using (command.ConfigureAwait(false))
            {
                // SQLite stores the id as the text of the event data; PostgreSQL as uuid.
                command.AddParameter("@user_id", database.Dialect == SqlDialect.Sqlite ? userId.ToString() : userId);
                var users = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
                return users.Count == 0 ? null : users[0];
            }
        }
    }

    private static async Task<List<UserSummary>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var users = new List<UserSummary>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                users.Add(new UserSummary(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.GetBoolean(2),
                    reader.GetBoolean(3),
                    JsonSerializer.Deserialize(reader.GetString(4), DirectoryJsonContext.Default.ImmutableArrayString),
                    reader.GetFieldValue<DateTimeOffset>(5),
                    reader.GetFieldValue<DateTimeOffset>(6)));
            }

            return users;
        }
    }
}
