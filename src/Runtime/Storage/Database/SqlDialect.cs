namespace OrleansAuth.Runtime.Storage.Database;

/// <summary>The SQL databases the runtime can persist to.</summary>
internal enum SqlDialect
{
    Sqlite,
    PostgreSql,
}
