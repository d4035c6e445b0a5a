using System.Globalization;
using System.Text.Json;
using Orleans.Storage;

namespace OrleansAuth.Hosting.Storage;

/// <summary>
/// The silo's Orleans grain storage provider (<see cref="Name"/>): state rows in the service's own SQL store, version
/// numbers as ETags, System.Text.Json payloads (the source-generated contexts of the grain assemblies), and the
/// <see cref="IGrainStateWithEvents.PendingEvents"/> of a state inserted into grain_events in the write's transaction.
/// The stock ADO.NET provider writes only the state row, so it could not keep a change and its events together.
/// </summary>
internal sealed class OutboxGrainStorage(IGrainStateStore store, GrainStateSerializer serializer) : IGrainStorage
{
    /// <summary>The provider name grains use in <c>[PersistentState(stateName, OutboxGrainStorage.Name)]</c>.</summary>
    public const string Name = GrainStorageProviders.Auth;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var record = await store.ReadAsync(GrainRowKey.From(grainId), stateName, cancellationToken).ConfigureAwait(false);
        grainState.ETag = record is null ? null : FormatVersion(record.Version);
        grainState.RecordExists = record?.Payload is not null;
        grainState.State = record?.Payload is { } payload
            ? JsonSerializer.Deserialize(payload, serializer.GetTypeInfo<T>()) ?? Activator.CreateInstance<T>()
            : Activator.CreateInstance<T>();
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(grainState.State, serializer.Options.GetTypeInfo(typeof(T)));
        IReadOnlyList<GrainEvent> events = grainState.State is IGrainStateWithEvents outbox ? outbox.PendingEvents : [];
        var version = await store.WriteAsync(GrainRowKey.From(grainId), stateName, payload, ParseVersion(grainState.ETag), events, cancellationToken).ConfigureAwait(false);
        grainState.ETag = FormatVersion(version);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var version = await store.ClearAsync(GrainRowKey.From(grainId), stateName, ParseVersion(grainState.ETag), cancellationToken).ConfigureAwait(false);
        grainState.ETag = version == 0 ? null : FormatVersion(version);
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    /// <summary>The stored version an ETag of this provider stands for; 0 for no record.</summary>
    internal static long ParseVersion(string? etag) =>
        etag is null ? 0 : long.Parse(etag, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string FormatVersion(long version) => version.ToString(CultureInfo.InvariantCulture);
}
