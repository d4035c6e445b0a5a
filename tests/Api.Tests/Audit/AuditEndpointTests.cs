using System.Net;
using System.Text.Json;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Audit;

/// <summary>
/// GET /api/v1/audit over real HTTP on SQLite and PostgreSQL: the rows the audit_log trigger writes for requests,
/// with the request's client address, user agent and X-Request-ID, filtered and paged for administrators only.
/// </summary>
public abstract class AuditEndpointTests<TFixture>(TFixture fixture) : AuthHostTest<TFixture>(fixture)
    where TFixture : class, IDatabaseFixture
{
    private const string UserAgent = "AuditTest/1.0 (+https://example.com)";
    private readonly string _adminEmail = AuthApi.NewEmail();

    protected override (string Key, string? Value)[] Settings => [("Auth:AdminEmails:0", _adminEmail)];

    [Fact]
    public async Task Audit_RegisterLoginAndFailedLogin_RecordedWithClientAddressUserAgentAndCorrelationId()
    {
        var email = AuthApi.NewEmail();
        var userId = await RegisterAsync(email, "req-register-1");
        Time.Advance(TimeSpan.FromSeconds(1));
        using (var login = await SendAsync("/api/v1/auth/login", new { email, password = AuthApi.Password }, "req-login-1"))
        {
            await AuthApi.ReadAsync(login, HttpStatusCode.OK);
        }

        Time.Advance(TimeSpan.FromSeconds(1));
        using (var failed = await SendAsync("/api/v1/auth/login", new { email, password = "Wrong-Password-42" }, "req-login-2"))
        {
            await AuthApi.ProblemAsync(failed, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        }

        var page = await AuditAsync($"user_id={userId}");

        Assert.Equal(3, page.GetProperty("total").GetInt64());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["user.login_failed", "user.logged_in", "user.registered"], items.Select(i => i.GetProperty("type").GetString()));
        Assert.Equal(["req-login-2", "req-login-1", "req-register-1"], items.Select(i => i.GetProperty("correlation_id").GetString()));
        Assert.All(items, item =>
        {
            Assert.Equal(userId, item.GetProperty("user_id").GetString());
            Assert.Equal(email, item.GetProperty("email").GetString());
            Assert.Equal("127.0.0.1", item.GetProperty("ip").GetString());
            Assert.Equal(UserAgent, item.GetProperty("user_agent").GetString());
            Assert.Equal(JsonValueKind.Null, item.GetProperty("actor_id").ValueKind);
            Assert.Equal(JsonValueKind.Object, item.GetProperty("data").ValueKind);
            Assert.NotEqual(Guid.Empty, item.GetProperty("event_id").GetGuid());
        });
        Assert.Equal("invalid_password", items[0].GetProperty("data").GetProperty("reason").GetString());
        Assert.False(items[2].GetProperty("data").TryGetProperty("verification_token", out _), "The audit log must not keep tokens.");
        Assert.True(items[0].GetProperty("occurred_at").GetDateTimeOffset() > items[2].GetProperty("occurred_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Audit_FailedLoginOfUnknownEmail_RecordedByEmailWithoutUser()
    {
        var email = AuthApi.NewEmail();
        using (var failed = await SendAsync("/api/v1/auth/login", new { email, password = AuthApi.Password }, "req-unknown-1"))
        {
            await AuthApi.ProblemAsync(failed, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        }

        var page = await AuditAsync("type=user.login_failed&page_size=100");

        var item = Assert.Single(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("email").GetString() == email);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("user_id").ValueKind);
        Assert.Equal("unknown_email", item.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal("req-unknown-1", item.GetProperty("correlation_id").GetString());
        Assert.Equal(UserAgent, item.GetProperty("user_agent").GetString());
    }

    [Fact]
    public async Task Audit_PagedAndFilteredByType_ReturnsNewestFirstWithTotal()
    {
        var email = AuthApi.NewEmail();
        var userId = await RegisterAsync(email, "req-paging-0");
        for (var i = 1; i <= 4; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            using var login = await SendAsync("/api/v1/auth/login", new { email, password = AuthApi.Password }, $"req-paging-{i}");
            await AuthApi.ReadAsync(login, HttpStatusCode.OK);
        }

        var first = await AuditAsync($"user_id={userId}&page_size=2");
        var third = await AuditAsync($"user_id={userId}&page_size=2&page=3");
        var beyond = await AuditAsync($"user_id={userId}&page_size=2&page=4");
        var logins = await AuditAsync($"user_id={userId}&type=user.logged_in");

        Assert.Equal(5, first.GetProperty("total").GetInt64());
        Assert.Equal(1, first.GetProperty("page").GetInt32());
        Assert.Equal(2, first.GetProperty("page_size").GetInt32());
        Assert.Equal(["req-paging-4", "req-paging-3"], CorrelationIds(first));
        Assert.Equal(["req-paging-0"], CorrelationIds(third));
        Assert.Empty(beyond.GetProperty("items").EnumerateArray());
        Assert.Equal(5, beyond.GetProperty("total").GetInt64());
        Assert.Equal(4, logins.GetProperty("total").GetInt64());
        Assert.Equal(["req-paging-4", "req-paging-3", "req-paging-2", "req-paging-1"], CorrelationIds(logins));
        Assert.Equal(20, logins.GetProperty("page_size").GetInt32());
    }

    [Theory]
    [InlineData("user_id=not-a-uuid", "user_id")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=99999999999999999999", "page")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=101", "page_size")]
    [InlineData("type=Not%20A%20Type", "type")]
    [InlineData("type=", "type")]
    public async Task Audit_BadQueryParameter_Returns400ValidationErrorNamingIt(string query, string field)
    {
        var admin = await AdminTokenAsync();

        using var response = await GetAuditAsync(query, admin);

        var problem = await AuthApi.ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}.");
    }

    [Fact]
    public async Task Audit_WithoutToken_Returns401()
    {
        using var response = await GetAuditAsync("", bearer: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Audit_NonAdmin_Returns403AndAdmin200()
    {
        var user = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        using var forbidden = await GetAuditAsync("", user.AccessToken);
        using var allowed = await GetAuditAsync("", await AdminTokenAsync());

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    private static IEnumerable<string?> CorrelationIds(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("correlation_id").GetString());

    private async Task<string> RegisterAsync(string email, string correlationId)
    {
        using var response = await SendAsync("/api/v1/auth/register", new { email, password = AuthApi.Password, password_confirmation = AuthApi.Password }, correlationId);
        return (await AuthApi.ReadAsync(response, HttpStatusCode.Created)).GetProperty("user_id").GetString()!;
    }

    private async Task<HttpResponseMessage> SendAsync(string path, object body, string correlationId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.Add("X-Request-ID", correlationId);
        return await Api.Client.SendAsync(request);
    }

    private async Task<string> AdminTokenAsync()
    {
        using (await Api.PostAsync("register", new { email = _adminEmail, password = AuthApi.Password, password_confirmation = AuthApi.Password }))
        {
        }

        return (await Api.LoginAsync(_adminEmail)).AccessToken;
    }

    private async Task<JsonElement> AuditAsync(string query)
    {
        using var response = await GetAuditAsync(query, await AdminTokenAsync());
        return await AuthApi.ReadAsync(response, HttpStatusCode.OK);
    }

    private async Task<HttpResponseMessage> GetAuditAsync(string query, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/audit?" + query);
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return await Api.Client.SendAsync(request);
    }
}

public sealed class SqliteAuditEndpointTests(SqliteDatabaseFixture fixture) : AuditEndpointTests<SqliteDatabaseFixture>(fixture);

public sealed class PostgresAuditEndpointTests(PostgresDatabaseFixture fixture) : AuditEndpointTests<PostgresDatabaseFixture>(fixture);
