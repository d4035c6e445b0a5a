namespace OrleansAuth.Hosting.Storage;

/// <summary>
/// Grain state that carries the events of the turn that changed it. <see cref="OutboxGrainStorage"/> inserts
/// <see cref="PendingEvents"/> into grain_events in the same transaction as the state row, so an acknowledged change
/// and its events are stored together or not at all; the events themselves are never part of the state row.
/// </summary>
public interface IGrainStateWithEvents
{
    /// <summary>Events recorded since the last successful write, in order.</summary>
    IReadOnlyList<GrainEvent> PendingEvents { get; }
}
