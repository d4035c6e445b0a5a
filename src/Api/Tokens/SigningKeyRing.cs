using OrleansAuth.Hosting;
using Microsoft.Extensions.Options;

namespace OrleansAuth.Api.Tokens;

/// <summary>
/// This node's view of the shared signing keys. <see cref="RefreshAsync"/> re-reads the table, creates the first key
/// or the next one when rotation is due (the database arbitrates between nodes doing the same), and drops keys whose
/// every token has expired. Readers see an immutable snapshot swapped atomically, so signing and validation never
/// wait for the database.
/// </summary>
internal sealed partial class SigningKeyRing(
    SigningKeyStore store,
    SigningKeyProtector protector,
    IOptions<AccessTokenOptions> tokenOptions,
    IOptions<SigningKeyOptions> keyOptions,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider time,
    ILogger<SigningKeyRing> logger)
{
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly SigningKeyOptions _keyOptions = keyOptions.Value;
    private volatile IReadOnlyList<SigningKey> _keys = [];

    /// <summary>Every key a verifier must know now, oldest first: retiring, current and the published next one.</summary>
    public IReadOnlyList<SigningKey> Keys => _keys;

    /// <summary>The key that signs at this instant: the newest one whose activation time has come.</summary>
    public SigningKey Current
    {
        get
        {
            var keys = _keys;
            if (keys.Count == 0)
            {
                throw new InvalidOperationException("The signing keys have not been loaded; the host has not started.");
            }

            var now = time.GetUtcNow();
            for (var i = keys.Count - 1; i > 0; i--)
            {
                if (keys[i].ActivatesAt <= now)
                {
                    return keys[i];
                }
            }

            // The oldest key signs even if another node's clock put its activation a moment in our future.
            return keys[0];
        }
    }

    public SigningKey? Find(string? kid)
    {
        foreach (var key in _keys)
        {
            if (key.Kid == kid)
            {
                return key;
            }
        }

        return null;
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var records = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (NextKeyDue(records, now) is var (generation, activatesAt) && generation > 0)
            {
                await CreateAsync(generation, now, activatesAt, cancellationToken).ConfigureAwait(false);
                records = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
            }

            if (Expired(records, now) is { } expired)
            {
                await store.DeleteThroughAsync(expired, cancellationToken).ConfigureAwait(false);
                records = [.. records.Where(record => record.Generation > expired)];
            }

            _keys = Materialize(records);
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>The generation to create and when it starts signing, or generation 0 when none is due.</summary>
    private (long Generation, DateTimeOffset ActivatesAt) NextKeyDue(IReadOnlyList<SigningKeyRecord> records, DateTimeOffset now)
    {
        if (records.Count == 0)
        {
            return (1, now);
        }

        var newest = records[^1];
        var rotation = newest.ActivatesAt + _keyOptions.RotationInterval;
        return rotation - _keyOptions.PublishAhead <= now
            ? (newest.Generation + 1, Max(rotation, now + _keyOptions.PublishAhead))
            : (0, default);
    }

    /// <summary>
    /// The newest generation all of whose tokens have expired: its successor has signed for longer than an access
    /// token lives (plus clock skew). Null when every key is still needed.
    /// </summary>
    private long? Expired(IReadOnlyList<SigningKeyRecord> records, DateTimeOffset now)
    {
        var retention = tokenOptions.Value.AccessTokenLifetime + tokenOptions.Value.ClockSkew;
        long? expired = null;
        for (var i = 0; i < records.Count - 1; i++)
        {
            if (records[i + 1].ActivatesAt + retention < now)
            {
                expired = records[i].Generation;
            }
        }

        return expired;
    }

    private async Task CreateAsync(long generation, DateTimeOffset now, DateTimeOffset activatesAt, CancellationToken cancellationToken)
    {
        var key = SigningKey.Generate(generation, now, activatesAt);
        var record = new SigningKeyRecord(
            generation,
            key.Kid,
            SigningKey.Algorithm,
            key.PublicKeyInfo,
            protector.Protect(key.ExportPrivateKey(), key.Kid),
            protector.Label,
            now,
            activatesAt);
        if (await store.TryInsertAsync(record, cancellationToken).ConfigureAwait(false))
        {
            LogKeyCreated(key.Kid, generation, activatesAt);
        }
    }

    private IReadOnlyList<SigningKey> Materialize(IReadOnlyList<SigningKeyRecord> records)
    {
        var previous = _keys;
        var keys = new List<SigningKey>(records.Count);
        foreach (var record in records)
        {
            // Keep the instances already loaded: the crypto objects (and IdentityModel's caches keyed on them) stay warm.
            var known = previous.FirstOrDefault(key => key.Kid == record.Kid);
            if (known is not null)
            {
                keys.Add(known);
                continue;
            }

            if (record.Algorithm != SigningKey.Algorithm)
            {
                throw new InvalidOperationException($"Signing key '{record.Kid}' uses {record.Algorithm}; this build signs only with {SigningKey.Algorithm}.");
            }

            var key = SigningKey.Import(record.Generation, protector.Unprotect(record.PrivateKey, record.Protection, record.Kid), record.CreatedAt, record.ActivatesAt);
            if (key.Kid != record.Kid)
            {
                throw new InvalidOperationException($"Signing key '{record.Kid}' does not match its stored key id.");
            }

            keys.Add(key);
        }

        return keys;
    }

    private static DateTimeOffset Max(DateTimeOffset left, DateTimeOffset right) => left > right ? left : right;

    [LoggerMessage(LogLevel.Information, "Created signing key {Kid} (generation {Generation}), signing from {ActivatesAt:o}")]
    private partial void LogKeyCreated(string kid, long generation, DateTimeOffset activatesAt);
}
