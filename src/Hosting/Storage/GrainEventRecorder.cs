namespace OrleansAuth.Hosting.Storage;

internal sealed class GrainEventRecorder(IGrainStateStore store) : IGrainEventRecorder
{
    public Task RecordAsync(GrainId grainId, string stateName, string? etag, IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken) =>
        store.AppendEventsAsync(GrainRowKey.From(grainId), stateName, OutboxGrainStorage.ParseVersion(etag), events, cancellationToken);
}
