using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting;
using OrleansAuth.Hosting.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Hosting;

/// <summary>
/// The embedded API on PostgreSQL reached through a proxy the test cuts, as when the database server goes away:
/// requests that need the database answer 503 problem+json with Retry-After at once, readiness reports the database
/// down, a write that failed is not acknowledged and not applied, and the service recovers by itself.
/// </summary>
public sealed class DatabaseOutageTests(PostgresDatabaseFixture postgres) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TcpProxy _proxy = null!;
    private ApiHost _host = null!;
    private AuthApi _api = null!;

    public async Task InitializeAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync());
        _proxy = new TcpProxy("127.0.0.1", database.Port);
        database.Host = "127.0.0.1";
        database.Port = _proxy.Port;
        _host = ApiHost.For(postgres, database.ConnectionString, services => services.AddKeyedSingleton<TimeProvider>(ServiceClock.Key, _time), ("RateLimiting:Enabled", "false"));
        _api = new AuthApi(_host.CreateRealClient());
    }

    public async Task DisposeAsync()
    {
        _api.Client.Dispose();
        await _host.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task Refresh_DatabaseDown_Answers503FastWithoutRotatingAndWorksAgainOnceItReturns()
    {
        var email = AuthApi.NewEmail();
        var tokens = await _api.RegisterAndLoginAsync(email);

        await _proxy.CutAsync();
        var started = Stopwatch.StartNew();
        using (var refresh = await _api.PostAsync("refresh", new { refresh_token = tokens.RefreshToken }))
        {
            await AssertUnavailableAsync(refresh);
        }

        using (var login = await _api.PostAsync("login", new { email, password = AuthApi.Password }))
        {
            await AssertUnavailableAsync(login);
        }

        using (var ready = await _api.Client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
            Assert.Equal("unhealthy", body.RootElement.GetProperty("database").GetString());
        }

        // Generous for a loaded machine; without connect timeouts and the breaker a request would wait 15 s or more.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"Three requests with the database down took {started.Elapsed}.");

        _proxy.Restore();
        _time.Advance(TimeSpan.FromSeconds(1)); // Storage:BreakerBreakDuration: the next call is the trial

        // The refresh that failed was not applied: the token it presented is still the current one, not a reused one.
        var rotated = await _api.RefreshAsync(tokens.RefreshToken);
        Assert.Equal(tokens.SessionId, rotated.SessionId);
        using var me = await _api.SendAsync(HttpMethod.Get, "me", rotated.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Register_DatabaseDown_Answers503AndTheAccountDoesNotExistAfterwards()
    {
        var email = AuthApi.NewEmail();
        await _proxy.CutAsync();

        using (var register = await _api.PostAsync("register", new { email, password = AuthApi.Password, password_confirmation = AuthApi.Password }))
        {
            await AssertUnavailableAsync(register);
        }

        _proxy.Restore();
        _time.Advance(TimeSpan.FromSeconds(1));

        // Not acknowledged, not stored: the same registration succeeds now.
        await _api.RegisterAsync(email);
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        await AuthApi.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
