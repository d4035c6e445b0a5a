namespace OrleansAuth.Hosting.Storage.Migrations;

/// <summary>One schema script, sql/&lt;dialect&gt;/NNNN_name.sql: applied once, in version order.</summary>
internal sealed record MigrationScript(long Version, string Name, string Sql);
