using System.Net;
using System.Text.Json;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Documentation;

/// <summary>Swagger UI at /docs and an OpenAPI document that describes every endpoint, its bodies and its errors.</summary>
public sealed class SwaggerTests(SqliteDatabaseFixture sqlite) : IClassFixture<SqliteDatabaseFixture>
{
    private static readonly (string Path, string Method)[] Operations =
    [
        ("/api/v1/auth/register", "post"),
        ("/api/v1/auth/verify-email", "post"),
        ("/api/v1/auth/resend-verification", "post"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/refresh", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/auth/logout-all", "post"),
        ("/api/v1/auth/me", "get"),
        ("/api/v1/auth/sessions", "get"),
        ("/api/v1/auth/sessions/{id}", "delete"),
        ("/api/v1/auth/validate-token", "post"),
        ("/api/v1/auth/password/change", "post"),
        ("/api/v1/auth/password/forgot", "post"),
        ("/api/v1/auth/password/reset", "post"),
        ("/.well-known/openid-configuration", "get"),
        ("/.well-known/jwks.json", "get"),
        ("/health", "get"),
    ];

    [Fact]
    public async Task GetDocs_ServesSwaggerUi()
    {
        await using var host = ApiHost.Sqlite(sqlite.ConnectionString);
        using var client = host.CreateRealClient();

        using var response = await client.GetAsync("/docs/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Document_DescribesEveryEndpointWithBodiesErrorsAndBearerScheme()
    {
        await using var host = ApiHost.Sqlite(sqlite.ConnectionString);
        using var client = host.CreateRealClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/docs/v1/swagger.json"));
        var root = document.RootElement;
        var paths = root.GetProperty("paths");
        foreach (var (path, method) in Operations)
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method} {path} is not documented.");
        }

        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var login = paths.GetProperty("/api/v1/auth/login").GetProperty("post");
        Assert.True(login.TryGetProperty("requestBody", out _));
        foreach (var status in new[] { "200", "400", "401", "429" })
        {
            Assert.True(login.GetProperty("responses").TryGetProperty(status, out _), $"login lacks the {status} response.");
        }

        var me = paths.GetProperty("/api/v1/auth/me").GetProperty("get");
        Assert.Equal("bearer", me.GetProperty("security")[0].EnumerateObject().Single().Name);
        Assert.False(login.TryGetProperty("security", out _));

        // Schemas use the wire (snake_case) names.
        var schemas = root.GetProperty("components").GetProperty("schemas").GetRawText();
        foreach (var name in new[] { "password_confirmation", "access_token", "refresh_expires_in", "new_password_confirmation", "is_valid", "last_used_at" })
        {
            Assert.Contains($"\"{name}\"", schemas, StringComparison.Ordinal);
        }
    }
}
