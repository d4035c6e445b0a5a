using Microsoft.Extensions.Logging;

namespace OrleansAuth.Runtime.Storage;

internal static class StaleWrite
{
    public static InconsistentStateException Rejected(ILogger logger, string operation, GrainId grainId, string stateName, long expectedVersion, long? storedVersion)
    {
        logger.StaleWriteRejected(operation, grainId.Type, stateName, expectedVersion, storedVersion);
        var stored = storedVersion is { } version ? version.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";
        return new InconsistentStateException(
            $"Stale {operation} of {grainId.Type} state '{stateName}': expected version {expectedVersion}, stored version is {stored}.",
            expectedVersion,
            storedVersion);
    }
}
