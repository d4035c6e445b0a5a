using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.RateLimiting;

/// <summary>Per-address, per-group budgets on the endpoints attackers hammer; 429 RATE_LIMITED with Retry-After.</summary>
public sealed class RateLimitingTests(SqliteDatabaseFixture sqlite) : IClassFixture<SqliteDatabaseFixture>
{
    // An address no account can have: the login is refused at the edge, so these tests need no grain work.
    private static readonly object BadLogin = new { email = "not-an-address", password = "whatever" };

    [Fact]
    public async Task Login_OverPermitsPerMinute_Returns429WithRetryAfterWhileOtherGroupsStillServe()
    {
        await using var host = ApiHost.Sqlite(sqlite.ConnectionString, ("RateLimiting:PermitsPerMinute", "5"));
        using var client = host.CreateRealClient();

        for (var i = 0; i < 5; i++)
        {
            using var allowed = await client.PostAsJsonAsync("/api/v1/auth/login", BadLogin);
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        using var limited = await client.PostAsJsonAsync("/api/v1/auth/login", BadLogin);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        Assert.Equal("RATE_LIMITED", problem.RootElement.GetProperty("code").GetString());
        var retryAfter = int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);

        // Each group has its own budget: register (refused at the edge for the bad address) is not limited yet.
        using var register = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = "bad", password = "x", password_confirmation = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, register.StatusCode);
    }

    [Theory]
    [InlineData("RateLimiting:Enabled", "false")]
    [InlineData("RateLimiting:PermitsPerMinute", "1000")]
    public async Task Login_LimitDisabledOrRaised_NeverReturns429(string key, string value)
    {
        await using var host = ApiHost.Sqlite(sqlite.ConnectionString, ("RateLimiting:PermitsPerMinute", "2"), (key, value));
        using var client = host.CreateRealClient();

        for (var i = 0; i < 80; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/auth/login", BadLogin);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task UnlimitedEndpoints_ManyRequests_NeverReturn429()
    {
        await using var host = ApiHost.Sqlite(sqlite.ConnectionString, ("RateLimiting:PermitsPerMinute", "1"));
        using var client = host.CreateRealClient();

        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync("/.well-known/jwks.json");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
