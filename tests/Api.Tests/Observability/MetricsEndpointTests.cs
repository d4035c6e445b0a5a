using System.Net;
using OrleansAuth.Api.Metrics;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Observability;

/// <summary>
/// GET /metrics on the real API: the counters move with what happens at the edge (logins by outcome, refresh-token
/// reuse, HTTP requests by route and status), and Orleans' own meter (<c>Microsoft.Orleans</c>) is exported next to them.
/// Orleans' instruments are static, shared by every silo in the process (other test hosts run in parallel), so the
/// tests assert their presence and growth, never an exact delta.
/// </summary>
public abstract class MetricsEndpointTests<TFixture>(TFixture fixture) : AuthHostTest<TFixture>(fixture)
    where TFixture : class, IDatabaseFixture
{
    private const string Logins = "orleansauth_auth_logins_total";

    /// <summary>A family of the <c>Microsoft.Orleans</c> meter that moves with every grain call.</summary>
    private const string OrleansGrainCalls = "orleans_app_requests_latency";

    protected override (string Key, string? Value)[] Settings => [("Auth:Lockout:MaxFailures", "2")];

    [Fact]
    public async Task GetMetrics_AfterLogins_CountsEachOutcomeAndTheGrainCalls()
    {
        var before = await ScrapeAsync();
        var email = AuthApi.NewEmail();
        await Api.RegisterAndLoginAsync(email);
        await Api.LoginAsync(email);
        for (var i = 0; i < 2; i++)
        {
            using var wrong = await Api.PostAsync("login", new { email, password = "Wrong-Password-99" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var locked = await Api.PostAsync("login", new { email, password = AuthApi.Password }))
        {
            await AuthApi.ProblemAsync(locked, HttpStatusCode.TooManyRequests, "ACCOUNT_LOCKED");
        }

        using (var malformed = await Api.PostAsync("login", new { email = "not-an-email", password = AuthApi.Password }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);
        }

        var after = await ScrapeAsync();

        Assert.Equal(2, Delta(before, after, Logins, ("result", "succeeded")));
        Assert.Equal(3, Delta(before, after, Logins, ("result", "failed")));
        Assert.Equal(1, Delta(before, after, Logins, ("result", "locked")));
        Assert.Equal(2, Delta(before, after, "http_server_request_duration_seconds_count",
            ("http_route", "/api/v1/auth/login"), ("http_request_method", "POST"), ("http_response_status_code", "200")));
        Assert.Equal(3, Delta(before, after, "http_server_request_duration_seconds_count",
            ("http_route", "/api/v1/auth/login"), ("http_response_status_code", "401")));
        var grainCalls = Delta(before, after, OrleansGrainCalls + "_count");
        Assert.True(grainCalls >= 5, $"{OrleansGrainCalls}_count grew by {grainCalls}");
        Assert.True(after.Sum("orleans_catalog_activations", ("grain_type", "user")) >= 1);
    }

    [Fact]
    public async Task GetMetrics_RefreshTokenReused_CountsTheDetection()
    {
        var tokens = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        await Api.RefreshAsync(tokens.RefreshToken);
        Time.Advance(TimeSpan.FromMinutes(1));
        var before = await ScrapeAsync();

        using (var reused = await Api.PostAsync("refresh", new { refresh_token = tokens.RefreshToken }))
        {
            await AuthApi.ProblemAsync(reused, HttpStatusCode.Unauthorized, "TOKEN_REUSED");
        }

        Assert.Equal(1, Delta(before, await ScrapeAsync(), "orleansauth_auth_refresh_reuse_detected_total"));
    }

    [Fact]
    public async Task GetMetrics_Always_PrometheusTextWithEveryFamilyTyped()
    {
        await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        using var response = await Api.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PrometheusTextWriter.ContentType, response.Content.Headers.ContentType?.ToString());
        var text = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("histogram", text.Types["http_server_request_duration_seconds"]);
        Assert.Equal("counter", text.Types[Logins]);
        Assert.Equal("histogram", text.Types[OrleansGrainCalls]);
        Assert.Equal("gauge", text.Types["orleans_catalog_activations"]);
        Assert.DoesNotContain(text.Types.Keys, name => name.StartsWith("orleansauth_silo_", StringComparison.Ordinal));
    }

    private async Task<PrometheusText> ScrapeAsync()
    {
        using var response = await Api.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private static double Delta(PrometheusText before, PrometheusText after, string name, params (string Key, string Value)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);
}

public sealed class SqliteMetricsEndpointTests(SqliteDatabaseFixture fixture) : MetricsEndpointTests<SqliteDatabaseFixture>(fixture);

public sealed class PostgresMetricsEndpointTests(PostgresDatabaseFixture fixture) : MetricsEndpointTests<PostgresDatabaseFixture>(fixture);
