using Microsoft.Extensions.Logging;
using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Hosting.Silo;

/// <summary>
/// A <see cref="StorageUnavailableException"/> leaves the silo without its inner exception: the database driver's
/// exception has no Orleans codec (the caller would get a serialization failure instead of a retryable fault) and
/// says more about the database than a caller should see. The cause is logged here instead.
/// </summary>
internal sealed partial class StorageFaultCallFilter(ILogger<StorageFaultCallFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (StorageUnavailableException exception) when (exception.InnerException is not null)
        {
            LogStorageFault(logger, exception.InnerException, context.InterfaceName, context.MethodName);
            throw new StorageUnavailableException(exception.Message);
        }
    }

    [LoggerMessage(EventId = 2120, Level = LogLevel.Warning, Message = "{Interface}.{Method} failed: the database is unavailable")]
    private static partial void LogStorageFault(ILogger logger, Exception exception, string @interface, string method);
}
