using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace OrleansAuth.Hosting.Storage;

internal static class StaleWrite
{
    /// <summary>
    /// Orleans' exception for a write over a version the writer did not read: the runtime deactivates the activation
    /// that sees it, so the next call re-reads the winner's state.
    /// </summary>
    public static InconsistentStateException Rejected(ILogger logger, string operation, GrainRowKey grainId, string stateName, long expectedVersion, long? storedVersion)
    {
        logger.StaleWriteRejected(operation, grainId.Type, stateName, expectedVersion, storedVersion);
        var stored = storedVersion is { } version ? version.ToString(CultureInfo.InvariantCulture) : "none";
        return new InconsistentStateException(
            $"Stale {operation} of {grainId.Type} state '{stateName}': expected version {expectedVersion}, stored version is {stored}.",
            storedEtag: stored,
            currentEtag: expectedVersion.ToString(CultureInfo.InvariantCulture));
    }
}
