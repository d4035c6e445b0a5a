namespace OrleansAuth.Hosting.Storage.Database;

/// <summary>The SQL databases the runtime can persist to.</summary>
public enum SqlDialect
{
    Sqlite,
    PostgreSql,
}
