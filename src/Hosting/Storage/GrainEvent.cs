namespace OrleansAuth.Hosting.Storage;

/// <summary>
/// A fact a grain records together with the state change that caused it (a transactional outbox row): see
/// <see cref="IGrainStateWithEvents"/>.
/// </summary>
/// <param name="Id">Unique id; receivers use it to drop duplicates of an at-least-once delivery.</param>
/// <param name="Type">Event type, for example <c>user.logged_in</c>.</param>
/// <param name="OccurredAt">When it happened (the grain's TimeProvider).</param>
/// <param name="Data">The event's data as a JSON object.</param>
public sealed record GrainEvent(Guid Id, string Type, DateTimeOffset OccurredAt, string Data);
