using System.Net;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Events;
using OrleansAuth.Hosting.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Events;

/// <summary>
/// The embedded API host runs the event dispatcher: a registration reaches a real webhook receiver, signed, and the
/// token it carries verifies the email; once delivered, the token is gone from the stored event.
/// </summary>
public abstract class WebhookDeliveryTests<TFixture>(TFixture fixture) : AuthHostTest<TFixture>(fixture), IAsyncLifetime
    where TFixture : class, IDatabaseFixture
{
    private WebhookReceiver _receiver = null!;

    // The receiver must be listening before the host starts; the base class starts the host in InitializeAsync.
    protected override (string Key, string? Value)[] Settings =>
    [
        ("Events:WebhookUrl", _receiver.Url),
        ("Events:WebhookSecret", WebhookReceiver.Secret),
        ("Events:PollInterval", "00:00:01"),

        // The test moves the fake clock while waiting: attempts must not time out on it.
        ("Events:RequestTimeout", "01:00:00"),
        ("Events:LeaseDuration", "02:00:00"),
    ];

    async Task IAsyncLifetime.InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Register_WebhookConfigured_SignedEventDeliveredItsTokenVerifiesAndIsStrippedFromStorage()
    {
        var email = AuthApi.NewEmail();
        var userId = (await Api.RegisterAsync(email)).GetProperty("user_id").GetString();

        await Wait.UntilAsync(
            () =>
            {
                Time.Advance(TimeSpan.FromSeconds(1));
                return _receiver.Acknowledged.Any(a => a.Type == "user.registered" && a.Member("email") == email);
            },
            "the user.registered event reaches the receiver");

        var delivered = _receiver.Acknowledged.First(a => a.Type == "user.registered" && a.Member("email") == email);
        Assert.True(delivered.SignatureValid);
        Assert.Equal(userId, delivered.Member("user_id"));
        await Wait.UntilAsync(
            async () => !(await EventLog.ReadAsync(Host, email)).Single().Data.Contains("verification_token", StringComparison.Ordinal),
            "the delivered event loses its token");

        using var verified = await Api.PostAsync("verify-email", new { token = delivered.Member("verification_token") });
        await AuthApi.ReadAsync(verified, HttpStatusCode.OK);
    }
}

public sealed class SqliteWebhookDeliveryTests(SqliteDatabaseFixture fixture) : WebhookDeliveryTests<SqliteDatabaseFixture>(fixture);

public sealed class PostgresWebhookDeliveryTests(PostgresDatabaseFixture fixture) : WebhookDeliveryTests<PostgresDatabaseFixture>(fixture);
