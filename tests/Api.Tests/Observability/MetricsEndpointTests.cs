using System.Net;
using OrleansAuth.Api.Metrics;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Observability;

/// <summary>
/// GET /metrics on the real API: the counters move with what happens at the edge (logins by outcome, refresh-token
/// reuse, HTTP requests by route and status) and in the grains (calls per method, activations).
/// </summary>
public abstract class MetricsEndpointTests<TFixture>(TFixture fixture) : AuthHostTest<TFixture>(fixture)
    where TFixture : class, IDatabaseFixture
{
    private const string Logins = "orleansauth_auth_logins_total";

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

        // The grain figures come from a sample shared for up to a second (ClusterStatisticsSampler.MaxAge).
        var after = await ScrapeUntilAsync(text => Delta(before, text, "orleansauth_grain_calls_total", ("method", "LoginAsync")) >= 5);

        Assert.Equal(2, Delta(before, after, Logins, ("result", "succeeded")));
        Assert.Equal(3, Delta(before, after, Logins, ("result", "failed")));
        Assert.Equal(1, Delta(before, after, Logins, ("result", "locked")));
        Assert.Equal(2, Delta(before, after, "http_server_request_duration_seconds_count",
            ("http_route", "/api/v1/auth/login"), ("http_request_method", "POST"), ("http_response_status_code", "200")));
        Assert.Equal(3, Delta(before, after, "http_server_request_duration_seconds_count",
            ("http_route", "/api/v1/auth/login"), ("http_response_status_code", "401")));
        Assert.Equal(5, Delta(before, after, "orleansauth_grain_calls_total", ("grain_type", "user"), ("method", "LoginAsync")));
        Assert.True(after.Sum("orleansauth_silo_activations", ("grain_type", "user")) >= 1);
        Assert.Equal(1, after.Sum("orleansauth_cluster_members", ("status", "Active")));
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
        Assert.Equal("counter", text.Types["orleansauth_grain_calls_total"]);
        Assert.Equal("gauge", text.Types["orleansauth_silo_activations"]);
        Assert.Equal("gauge", text.Types["orleansauth_grain_latency_p99_seconds"]);
        Assert.Equal("gauge", text.Types["orleansauth_silo_memory_working_set_bytes"]);
    }

    private async Task<PrometheusText> ScrapeAsync()
    {
        using var response = await Api.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private async Task<PrometheusText> ScrapeUntilAsync(Func<PrometheusText, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var text = await ScrapeAsync();
            if (condition(text) || DateTime.UtcNow > deadline)
            {
                return text;
            }

            await Task.Delay(100);
        }
    }

    private static double Delta(PrometheusText before, PrometheusText after, string name, params (string Key, string Value)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);
}

public sealed class SqliteMetricsEndpointTests(SqliteDatabaseFixture fixture) : MetricsEndpointTests<SqliteDatabaseFixture>(fixture);

public sealed class PostgresMetricsEndpointTests(PostgresDatabaseFixture fixture) : MetricsEndpointTests<PostgresDatabaseFixture>(fixture);
