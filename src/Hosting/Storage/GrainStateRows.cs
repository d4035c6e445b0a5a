using System.Data.Common;

namespace OrleansAuth.Hosting.Storage;

/// <summary>Reading grain_state rows, the same for every database.</summary>
internal static class GrainStateRows
{
    /// <summary>Runs a query selecting (payload, version) and returns its single row, or null when there is none.</summary>
    public static async Task<GrainStateRecord?> ReadRecordAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var payload = reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0);
            return new GrainStateRecord(payload, reader.GetInt64(1));
        }
    }
}
