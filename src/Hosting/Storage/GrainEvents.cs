using System.Data.Common;

namespace OrleansAuth.Hosting.Storage;

/// <summary>Checks on events before they are stored and reading grain_events rows, the same for every database.</summary>
internal static class GrainEvents
{
    /// <summary>Longest event type name (UTF-8 bytes).</summary>
    public const int MaxTypeBytes = 128;

    /// <summary>Largest event data (UTF-8 bytes of the JSON); events are small facts, not documents.</summary>
    public const int MaxDataBytes = 64 * 1024;

    /// <summary>Most events one write may carry; bounds the transaction.</summary>
    public const int MaxEventsPerWrite = 100;

    /// <summary>The columns every event query selects, in the order <see cref="ReadAllAsync"/> reads them.</summary>
    public const string Columns = "sequence, grain_type, grain_key, state_version, event_id, event_type, occurred_at, data, delivered_at";

    public static void Validate(IReadOnlyList<GrainEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count > MaxEventsPerWrite)
        {
            throw new ArgumentException($"At most {MaxEventsPerWrite} events may be recorded at once (got {events.Count}).", nameof(events));
        }

        foreach (var grainEvent in events)
        {
            ArgumentNullException.ThrowIfNull(grainEvent, nameof(events));
            ArgumentException.ThrowIfNullOrEmpty(grainEvent.Type, nameof(events));
            if (GrainStorageKeys.Describe(grainEvent.Type, MaxTypeBytes) is { } typeProblem)
            {
                throw new ArgumentException($"The event type {typeProblem}.", nameof(events));
            }

            ArgumentNullException.ThrowIfNull(grainEvent.Data, nameof(events));
            if (GrainStorageKeys.Describe(grainEvent.Data, MaxDataBytes) is { } dataProblem)
            {
                throw new ArgumentException($"The data of event {grainEvent.Type} {dataProblem}.", nameof(events));
            }
        }
    }

    public static async Task<IReadOnlyList<StoredGrainEvent>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var events = new List<StoredGrainEvent>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var grainEvent = new GrainEvent(
                    reader.GetFieldValue<Guid>(4),
                    reader.GetString(5),
                    reader.GetFieldValue<DateTimeOffset>(6),
                    reader.GetString(7));
                events.Add(new StoredGrainEvent(
                    reader.GetInt64(0),
                    new GrainRowKey(reader.GetString(1), reader.GetString(2)),
                    reader.GetInt64(3),
                    grainEvent,
                    reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8)));
            }
        }

        return events;
    }
}
