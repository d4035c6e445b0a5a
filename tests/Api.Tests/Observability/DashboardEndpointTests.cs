using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Observability;

/// <summary>
/// /dashboard and its data in Development (open, for a developer's machine): the page is self-contained and the JSON
/// describes the embedded silo, its grains and its membership.
/// </summary>
public abstract partial class DashboardEndpointTests<TFixture>(TFixture fixture) : AuthHostTest<TFixture>(fixture)
    where TFixture : class, IDatabaseFixture
{
    [Fact]
    public async Task GetCluster_AfterLogins_DescribesTheEmbeddedSilo()
    {
        await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        var cluster = await GetJsonAsync("/dashboard/api/cluster");

        Assert.Equal("embedded", cluster.GetProperty("mode").GetString());
        Assert.Equal(1, cluster.GetProperty("silo_count").GetInt32());
        Assert.Equal(1, cluster.GetProperty("active_silo_count").GetInt32());
        Assert.True(cluster.GetProperty("activation_count").GetInt64() >= 1);
        var silo = Assert.Single(cluster.GetProperty("silos").EnumerateArray());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(silo.GetProperty("address").GetString()));
        Assert.True(silo.GetProperty("activations").GetInt64() >= 1);
        Assert.True(silo.GetProperty("calls").GetInt64() >= 2);
        Assert.InRange(silo.GetProperty("cpu_usage").GetDouble(), 0, 1);
        Assert.True(silo.GetProperty("working_set_bytes").GetInt64() > 0);
        Assert.True(silo.GetProperty("managed_heap_bytes").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Null, silo.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task GetGrains_AfterLogins_ListsUserGrainMethodsWithCallsAndLatency()
    {
        var email = AuthApi.NewEmail();
        await Api.RegisterAndLoginAsync(email);
        await Api.LoginAsync(email);

        var grains = await GetJsonAsync("/dashboard/api/grains");

        var user = Assert.Single(grains.GetProperty("grain_types").EnumerateArray(), t => t.GetProperty("grain_type").GetString() == "user");
        Assert.True(user.GetProperty("activations").GetInt64() >= 1);
        Assert.Equal(0, user.GetProperty("errors").GetInt64());
        var methods = user.GetProperty("methods").EnumerateArray().ToArray();
        var login = Assert.Single(methods, m => m.GetProperty("method").GetString() == "LoginAsync");
        Assert.Equal("IUserGrain", login.GetProperty("interface").GetString());
        Assert.Equal(2, login.GetProperty("calls").GetInt64());
        Assert.True(login.GetProperty("average_ms").GetDouble() > 0);
        Assert.True(login.GetProperty("p99_ms").GetDouble() >= login.GetProperty("p50_ms").GetDouble());
        Assert.True(login.GetProperty("p50_ms").GetDouble() > 0);

        // Busiest first.
        var calls = methods.Select(m => m.GetProperty("calls").GetInt64()).ToArray();
        Assert.Equal(calls.OrderDescending(), calls);
        Assert.Equal(calls.Sum(), user.GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task GetMembership_Embedded_OneActiveMemberAndItsJoin()
    {
        var membership = await GetJsonAsync("/dashboard/api/membership");

        var member = Assert.Single(membership.GetProperty("members").EnumerateArray());
        Assert.Equal("Active", member.GetProperty("status").GetString());
        var joined = Assert.Single(membership.GetProperty("events").EnumerateArray());
        Assert.Equal("joined", joined.GetProperty("kind").GetString());
        Assert.Equal(member.GetProperty("address").GetString(), joined.GetProperty("silo").GetString());
    }

    [Fact]
    public async Task GetPage_Always_SelfContainedHtmlWithoutExternalResources()
    {
        using var response = await Api.Client.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.Contains("<script>", html, StringComparison.Ordinal);

        // No URL with a scheme or a protocol-relative one, no element that loads anything, no CSS import.
        Assert.DoesNotMatch(ExternalUrl(), html);
        Assert.DoesNotMatch(LoadingElement(), html);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Api.Client.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await AuthApi.ReadAsync(response, HttpStatusCode.OK);
    }

    [GeneratedRegex(@"(?i)([a-z][a-z0-9+.-]*:)?//[a-z0-9\[]")]
    private static partial Regex ExternalUrl();

    [GeneratedRegex(@"(?i)<(link|img|iframe|object|embed|source|audio|video)\b|<script[^>]*\bsrc\s*=")]
    private static partial Regex LoadingElement();
}

public sealed class SqliteDashboardEndpointTests(SqliteDatabaseFixture fixture) : DashboardEndpointTests<SqliteDatabaseFixture>(fixture);

public sealed class PostgresDashboardEndpointTests(PostgresDatabaseFixture fixture) : DashboardEndpointTests<PostgresDatabaseFixture>(fixture);

/// <summary>Outside Development the dashboard data is for administrators only; /metrics is open unless configured otherwise.</summary>
public sealed class DashboardAuthorizationTests(SqliteDatabaseFixture fixture) : AuthHostTest<SqliteDatabaseFixture>(fixture)
{
    // Per test (xunit makes an instance per test): the class's tests share one database.
    private readonly string _adminEmail = $"admin-{Guid.NewGuid():N}@example.com";

    // One for the class: its hosts share the fixture's database and therefore its sealed signing key.
    private static readonly string _encryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    protected override (string Key, string? Value)[] Settings =>
    [
        ("environment", "Production"),
        ("Auth:SigningKeys:EncryptionKey", _encryptionKey),
        ("Auth:AdminEmails:0", _adminEmail),
    ];

    public static TheoryData<string> DataPaths => ["/dashboard/api/cluster", "/dashboard/api/grains", "/dashboard/api/membership"];

    [Theory]
    [MemberData(nameof(DataPaths))]
    public async Task GetData_Production_401WithoutToken403ForUser200ForAdmin(string path)
    {
        var user = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        var admin = await Api.RegisterAndLoginAsync(_adminEmail);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(path, null));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(path, user.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(path, admin.AccessToken));
    }

    [Fact]
    public async Task GetPageAndMetrics_Production_OpenWithoutToken()
    {
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/dashboard", null));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/metrics", null));
    }

    [Fact]
    public async Task GetMetrics_RequireAdmin_401WithoutToken200ForAdmin()
    {
        var (host, api) = Start([.. Settings, ("Metrics:RequireAdmin", "true")]);
        await using (host)
        {
            using (api.Client)
            {
                var admin = await api.RegisterAndLoginAsync(_adminEmail);
                var user = await api.RegisterAndLoginAsync(AuthApi.NewEmail());

                Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(api, "/metrics", null));
                Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(api, "/metrics", user.AccessToken));
                Assert.Equal(HttpStatusCode.OK, await StatusAsync(api, "/metrics", admin.AccessToken));
            }
        }
    }

    private Task<HttpStatusCode> StatusAsync(string path, string? bearer) => StatusAsync(Api, path, bearer);

    private static async Task<HttpStatusCode> StatusAsync(AuthApi api, string path, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }

        using var response = await api.Client.SendAsync(request);
        return response.StatusCode;
    }
}
