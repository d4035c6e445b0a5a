using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OrleansAuth.Runtime.Storage;

/// <summary>
/// <see cref="IPersistentState{TState}"/> over <see cref="IGrainStorage"/>: JSON payload, integer version as ETag.
/// Used only from inside the owning activation's turns, so it needs no locking.
/// </summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IGrainStateHandle
    where TState : class, new()
{
    private readonly GrainId _grainId;
    private readonly string _stateName;
    private readonly IGrainStorage _storage;
    private readonly JsonTypeInfo<TState> _typeInfo;

    public PersistentState(GrainId grainId, string stateName, IGrainStorage storage, JsonTypeInfo<TState> typeInfo)
    {
        _grainId = grainId;
        _stateName = stateName;
        _storage = storage;
        _typeInfo = typeInfo;
    }

    public TState State { get; set; } = new();

    public long Version { get; private set; }

    public string? Etag => RecordExists ? Version.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var record = await _storage.ReadAsync(_grainId, _stateName, cancellationToken).ConfigureAwait(false);
        Version = record?.Version ?? 0;
        RecordExists = record?.Payload is not null;
        State = record?.Payload is { } payload
            ? JsonSerializer.Deserialize(payload, _typeInfo) ?? new TState()
            : new TState();
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(State, _typeInfo);
        Version = await _storage.WriteAsync(_grainId, _stateName, payload, Version, cancellationToken).ConfigureAwait(false);
        RecordExists = true;
    }

    public async Task WriteStateAsync(IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(State, _typeInfo);
        Version = await _storage.WriteAsync(_grainId, _stateName, payload, Version, events, cancellationToken).ConfigureAwait(false);
        RecordExists = true;
    }

    public Task RecordEventsAsync(IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken = default) =>
        _storage.AppendEventsAsync(_grainId, _stateName, Version, events, cancellationToken);

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        Version = await _storage.ClearAsync(_grainId, _stateName, Version, cancellationToken).ConfigureAwait(false);
        RecordExists = false;
        State = new TState();
    }
}
