namespace OrleansAuth.Runtime.Storage.Database;

/// <summary>The SQL databases the runtime can persist to.</summary>
public enum SqlDialect
{
    Sqlite,
    PostgreSql,
}
