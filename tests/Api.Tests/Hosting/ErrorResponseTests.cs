using System.Text.Json;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Hosting;

public sealed class ErrorResponseTests(SqliteDatabaseFixture sqlite) : IClassFixture<SqliteDatabaseFixture>
{
    [Theory]
    [InlineData("GET", "/nowhere", 404, "NOT_FOUND")]
    [InlineData("GET", "/api/v1/nothing/here?x=%00", 404, "NOT_FOUND")]
    [InlineData("POST", "/health", 405, "METHOD_NOT_ALLOWED")]
    [InlineData("DELETE", "/health/ready", 405, "METHOD_NOT_ALLOWED")]
    public async Task Request_UnknownRouteOrWrongMethod_ReturnsProblemJsonWithCode(string method, string path, int status, string code)
    {
        await using var host = ApiHost.Sqlite(sqlite.ConnectionString);
        using var client = host.CreateRealClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("X-Request-ID", "trace-me-1");

        using var response = await client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(status, root.GetProperty("status").GetInt32());
        Assert.Equal(code, root.GetProperty("code").GetString());
        Assert.Equal("trace-me-1", root.GetProperty("trace_id").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Request_WithSaneRequestId_EchoesIt()
    {
        await using var host = ApiHost.Sqlite(sqlite.ConnectionString);
        using var client = host.CreateRealClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Request-ID", "abc-123_x.y:z");

        using var response = await client.SendAsync(request);

        Assert.Equal("abc-123_x.y:z", Assert.Single(response.Headers.GetValues("X-Request-ID")));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("a-request-id-that-is-far-too-long-to-be-accepted-as-a-correlation-id-because-it-exceeds-one-hundred-and-twenty-eight-characters-in-length-xx")]
    public async Task Request_WithUnsafeRequestId_GetsAFreshOne(string unsafeId)
    {
        await using var host = ApiHost.Sqlite(sqlite.ConnectionString);
        using var client = host.CreateRealClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Request-ID", unsafeId);

        using var response = await client.SendAsync(request);

        var echoed = Assert.Single(response.Headers.GetValues("X-Request-ID"));
        Assert.NotEqual(unsafeId, echoed);
        Assert.Matches("^[A-Za-z0-9]{16,64}$", echoed);
    }
}
