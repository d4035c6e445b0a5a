using System.Text.Json;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Documentation;

/// <summary>The admin users endpoints in the OpenAPI document: bearer-protected, with their parameters and errors.</summary>
public sealed class UserEndpointsDocumentationTests(SqliteDatabaseFixture sqlite) : IClassFixture<SqliteDatabaseFixture>
{
    [Fact]
    public async Task Document_DescribesTheUsersEndpointsWithBearerSchemeAndErrors()
    {
        await using var host = ApiHost.Sqlite(sqlite.ConnectionString);
        using var client = host.CreateRealClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/docs/v1/swagger.json"));
        var paths = document.RootElement.GetProperty("paths");

        var list = paths.GetProperty("/api/v1/users").GetProperty("get");
        Assert.Equal(["page", "page_size"], list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        foreach (var (method, statuses) in new[] { ("get", "200 401 403 404"), ("patch", "200 400 401 403 404 409"), ("delete", "204 401 403 404 409") })
        {
            var operation = paths.GetProperty("/api/v1/users/{id}").GetProperty(method);
            Assert.Equal("bearer", operation.GetProperty("security")[0].EnumerateObject().Single().Name);
            foreach (var status in statuses.Split(' '))
            {
                Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), $"{method} /api/v1/users/{{id}} lacks the {status} response.");
            }
        }

        Assert.True(paths.GetProperty("/api/v1/users/{id}").GetProperty("patch").TryGetProperty("requestBody", out _));
        Assert.Contains("\"email_verified\"", document.RootElement.GetProperty("components").GetProperty("schemas").GetRawText(), StringComparison.Ordinal);
    }
}
