using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Hosting.Storage.Database;
using OrleansAuth.Hosting.Tests.Storage;

using Orleans.Storage;

using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Hosting.Tests.Events;

/// <summary>
/// The audit_log trigger (sql/*/0005_audit_log.sql): every grain_events row gets its audit row in the same
/// transaction, with who/where-from columns taken from the event data and the secrets left out.
/// </summary>
public abstract class AuditLogTriggerTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : class, IDatabaseFixture
{
    private DeliveryHost _host = null!;

    protected abstract string Provider { get; }

    public async Task InitializeAsync() =>
        _host = await DeliveryHost.StartAsync(Provider, await fixture.CreateDatabaseAsync(), new Dictionary<string, string?>());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task WriteAsync_EventWithRequestDetailsAndSecrets_AuditRowHasColumnsAndNoSecrets()
    {
        var userId = Guid.NewGuid();
        var actorId = Guid.NewGuid();
        var data = $$"""
            {"email":"alice@example.com","user_id":"{{userId}}","ip":"203.0.113.7","user_agent":"Browser/1.0","correlation_id":"req-42",
             "actor_id":"{{actorId}}","actor_email":"admin@example.com","verification_token":"vt-secret","reset_token":"rt-secret","expires_at":"2026-01-02T00:00:00Z"}
            """;
        var grainEvent = new GrainEvent(Guid.NewGuid(), "user.registered", new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), data);

        await _host.Storage.WriteAsync(new GrainRowKey("user", "alice@example.com"), "user", "{}"u8.ToArray(), 0, [grainEvent], CancellationToken.None);

        var row = Assert.Single(await ReadAuditAsync(grainEvent.Id));
        Assert.Equal("user.registered", row["event_type"]);
        Assert.Equal(userId.ToString(), row["user_id"]);
        Assert.Equal("alice@example.com", row["email"]);
        Assert.Equal(actorId.ToString(), row["actor_id"]);
        Assert.Equal("admin@example.com", row["actor_email"]);
        Assert.Equal("203.0.113.7", row["client_address"]);
        Assert.Equal("Browser/1.0", row["user_agent"]);
        Assert.Equal("req-42", row["correlation_id"]);
        Assert.DoesNotContain("secret", row["data"]);
        using var stored = JsonDocument.Parse(row["data"]!);
        Assert.Equal("2026-01-02T00:00:00Z", stored.RootElement.GetProperty("expires_at").GetString());
        Assert.False(stored.RootElement.TryGetProperty("verification_token", out _));
    }

    [Fact]
    public async Task WriteAsync_StaleWriteWithEvents_WritesNoAuditRow()
    {
        var grainId = new GrainRowKey("user", "bob@example.com");
        await _host.Storage.WriteAsync(grainId, "user", "{}"u8.ToArray(), 0, CancellationToken.None);
        var lost = new GrainEvent(Guid.NewGuid(), "user.logged_in", DateTimeOffset.UtcNow, "{\"email\":\"bob@example.com\"}");

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => _host.Storage.WriteAsync(grainId, "user", "{}"u8.ToArray(), 5, [lost], CancellationToken.None));

        Assert.Empty(await ReadAuditAsync(lost.Id));
    }

    [Fact]
    public async Task AppendEventsAsync_SeveralEventsWithoutStateChange_EachGetsAnAuditRow()
    {
        var grainId = new GrainRowKey("user", "nobody@example.com");
        var events = Enumerable.Range(0, 3)
            .Select(i => new GrainEvent(Guid.NewGuid(), "user.login_failed", DateTimeOffset.UtcNow, $"{{\"email\":\"nobody@example.com\",\"reason\":\"unknown_email\",\"n\":{i}}}"))
            .ToList();

        await _host.Storage.AppendEventsAsync(grainId, "user", 0, events, CancellationToken.None);

        foreach (var grainEvent in events)
        {
            var row = Assert.Single(await ReadAuditAsync(grainEvent.Id));
            Assert.Null(row["user_id"]);
            Assert.Equal("nobody@example.com", row["email"]);
            Assert.Null(row["actor_id"]);
        }
    }

    private async Task<List<Dictionary<string, string?>>> ReadAuditAsync(Guid eventId)
    {
        var database = _host.Services.GetRequiredService<IAuthDatabase>();
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_type, user_id, email, actor_id, actor_email, client_address, user_agent, correlation_id, "
            + (database.Dialect == SqlDialect.Sqlite ? "data" : "data::text") + " AS data FROM audit_log WHERE event_id = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = database.Dialect == SqlDialect.Sqlite ? eventId.ToString("D") : eventId;
        command.Parameters.Add(parameter);
        var rows = new List<Dictionary<string, string?>>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetString(i)));
        }

        return rows;
    }
}

public sealed class SqliteAuditLogTriggerTests(SqliteDatabaseFixture fixture) : AuditLogTriggerTests<SqliteDatabaseFixture>(fixture)
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresAuditLogTriggerTests(PostgresDatabaseFixture fixture) : AuditLogTriggerTests<PostgresDatabaseFixture>(fixture)
{
    protected override string Provider => "postgres";
}
