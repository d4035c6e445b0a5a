namespace OrleansAuth.Hosting.Storage;

/// <summary>A row of the grain_events outbox.</summary>
/// <param name="Sequence">Increases per row; a grain's events are in sequence order.</param>
/// <param name="GrainRowKey">The grain that recorded the event.</param>
/// <param name="StateVersion">The state version written with the event (or current when it was recorded without a change).</param>
/// <param name="Event">The event as the grain recorded it.</param>
/// <param name="DeliveredAt">When delivery completed; null while pending.</param>
public sealed record StoredGrainEvent(long Sequence, GrainRowKey GrainRowKey, long StateVersion, GrainEvent Event, DateTimeOffset? DeliveredAt);
