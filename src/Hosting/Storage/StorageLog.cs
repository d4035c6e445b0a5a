using Microsoft.Extensions.Logging;
using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Hosting.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Applied schema script {Version:D4}_{Name} to the {Dialect} database in {ElapsedMilliseconds} ms")]
    public static partial void SchemaScriptApplied(this ILogger logger, long version, string name, SqlDialect dialect, long elapsedMilliseconds);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "The {Dialect} database schema is at version {Version}")]
    public static partial void SchemaUpToDate(this ILogger logger, SqlDialect dialect, long version);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "The {Dialect} database did not answer a ping")]
    public static partial void DatabasePingFailed(this ILogger logger, Exception exception, SqlDialect dialect);

    // The grain key is left out on purpose: for user grains it is an email address.
    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug, Message = "Rejected stale {Operation} of {GrainType} state {StateName}: expected version {ExpectedVersion}, stored {StoredVersion}")]
    public static partial void StaleWriteRejected(this ILogger logger, string operation, string grainType, string stateName, long expectedVersion, long? storedVersion);
}
