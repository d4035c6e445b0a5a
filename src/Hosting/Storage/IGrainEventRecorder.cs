namespace OrleansAuth.Hosting.Storage;

/// <summary>Records events that change no state (for example a failed login for an email without an account).</summary>
public interface IGrainEventRecorder
{
    /// <summary>
    /// Inserts <paramref name="events"/> into grain_events if the stored state of <paramref name="grainId"/> is still
    /// the one at <paramref name="etag"/> (null: no record), else throws Orleans' <c>InconsistentStateException</c>, so a
    /// stale activation cannot report facts about state that has moved on.
    /// </summary>
    Task RecordAsync(GrainId grainId, string stateName, string? etag, IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken);
}
