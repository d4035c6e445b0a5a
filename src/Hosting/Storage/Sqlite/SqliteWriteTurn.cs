namespace OrleansAuth.Hosting.Storage.Sqlite;

/// <summary>This process's turn to write a SQLite file (<see cref="SqliteAuthDatabase.EnterWriteAsync"/>); disposing it lets the next writer in.</summary>
internal readonly struct SqliteWriteTurn(SemaphoreSlim gate) : IDisposable
{
    public void Dispose() => gate.Release();
}
