using System.Globalization;

namespace OrleansAuth.Hosting.Storage.Sqlite;

/// <summary>How SQLite tables store instants: UTC ISO 8601 text of a fixed width, which sorts and parses the same everywhere.</summary>
internal static class SqliteTimestamps
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
