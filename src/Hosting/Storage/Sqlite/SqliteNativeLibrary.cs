namespace OrleansAuth.Hosting.Storage.Sqlite;

/// <summary>Microsoft.Data.Sqlite.Core ships no native SQLite; the e_sqlite3 bundle must be wired in exactly once.</summary>
internal static class SqliteNativeLibrary
{
    private static readonly Lazy<bool> Initialized = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    public static void EnsureInitialized() => _ = Initialized.Value;
}
