namespace OrleansAuth.Hosting.Storage.Database;

internal static class SqlDialectExtensions
{
    /// <summary>The folder under sql/ (and the embedded resource prefix) holding this dialect's schema scripts.</summary>
    public static string ScriptFolder(this SqlDialect dialect) => dialect switch
    {
        SqlDialect.Sqlite => "sqlite",
        SqlDialect.PostgreSql => "postgresql",
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, null),
    };
}
