using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Requests;

/// <summary>Bad request bodies of every kind get 4xx problem+json naming the field, never a 500.</summary>
public sealed class RequestHandlingTests(SqliteDatabaseFixture sqlite) : IClassFixture<SqliteDatabaseFixture>, IAsyncLifetime
{
    private ApiHost _host = null!;
    private HttpClient _client = null!;

    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        // path, body, field named in errors
        { "/api/v1/auth/login", "{\"email\": \"a@example.com\", \"password\": ", "body" },
        { "/api/v1/auth/login", "not json at all", "body" },
        { "/api/v1/auth/login", "[1, 2, 3]", "body" },
        { "/api/v1/auth/login", "\"a string\"", "body" },
        { "/api/v1/auth/login", "null", "body" },
        { "/api/v1/auth/login", "{\"email\": 42, \"password\": \"x\"}", "email" },
        { "/api/v1/auth/login", "{\"email\": \"a@example.com\", \"password\": {\"nested\": true}}", "password" },
        { "/api/v1/auth/login", "{\"email\": \"a@example.com\"}", "password" },
        { "/api/v1/auth/login", "{\"email\": null, \"password\": \"x\"}", "email" },
        { "/api/v1/auth/login", "{}", "email" },
        { "/api/v1/auth/register", "{\"email\": \"a@example.com\", \"password\": \"Sup3r-secret!\"}", "password_confirmation" },
        { "/api/v1/auth/register", "{\"email\": \"not an email\", \"password\": \"Sup3r-secret!\", \"password_confirmation\": \"Sup3r-secret!\"}", "email" },
        { "/api/v1/auth/refresh", "{\"refresh_token\": true}", "refresh_token" },
        { "/api/v1/auth/refresh", "{\"refresh_token\": \"\"}", "refresh_token" },
        { "/api/v1/auth/verify-email", "{}", "token" },
        { "/api/v1/auth/validate-token", "{\"token\": [\"a\"]}", "token" },
        { "/api/v1/auth/password/forgot", "{\"email\": 1.5}", "email" },
        { "/api/v1/auth/password/reset", "{\"token\": \"t\", \"new_password\": \"Sup3r-secret!\"}", "new_password_confirmation" },
        { "/api/v1/auth/resend-verification", "{\"email\": \"a@example.com\"", "body" },
    };

    public Task InitializeAsync()
    {
        _host = ApiHost.Sqlite(sqlite.ConnectionString, ("RateLimiting:Enabled", "false"));
        _client = _host.CreateRealClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Post_InvalidBody_Returns400ValidationErrorNamingTheField(string path, string body, string field)
    {
        using var response = await _client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        using var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors lacks '{field}': {errors}");
        Assert.NotEmpty(messages.EnumerateArray().Select(message => message.GetString()));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Post_NotJsonContentType_Returns400ValidationError(string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"email\":\"a@example.com\",\"password\":\"x\"}"));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await _client.PostAsync("/api/v1/auth/login", content);

        using var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task Post_EmptyBody_Returns400ValidationError()
    {
        using var response = await _client.PostAsync("/api/v1/auth/login", new StringContent(string.Empty, Encoding.UTF8, "application/json"));

        (await ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR")).Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_BodyOver64KiB_Returns413PayloadTooLarge(bool chunked)
    {
        var json = "{\"email\":\"a@example.com\",\"password\":\"" + new string('x', 70 * 1024) + "\"}";
        HttpContent content = chunked
            ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            : new StringContent(json, Encoding.UTF8, "application/json");
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await _client.SendAsync(request);

        (await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE")).Dispose();
    }

    [Fact]
    public async Task Post_BodyJustUnder64KiB_IsRead()
    {
        // Unknown members are ignored; the body is read, so the answer is about the credentials, not the size.
        var json = "{\"email\":\"nobody@example.com\",\"password\":\"x\",\"padding\":\"" + new string('x', 60 * 1024) + "\"}";

        using var response = await _client.PostAsync("/api/v1/auth/login", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("GET", "/api/v1/auth/login", 405, "METHOD_NOT_ALLOWED")]
    [InlineData("DELETE", "/api/v1/auth/sessions/not-a-guid", 404, "NOT_FOUND")]
    [InlineData("GET", "/api/v1/auth/unknown", 404, "NOT_FOUND")]
    public async Task Request_UnknownRouteOrMethod_ReturnsProblemJson(string method, string path, int status, string code)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        (await ProblemAsync(response, (HttpStatusCode)status, code)).Dispose();
    }

    private static async Task<JsonDocument> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonDocument.Parse(text);
        Assert.Equal(code, document.RootElement.GetProperty("code").GetString());
        Assert.Equal((int)status, document.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("trace_id").GetString()));
        return document;
    }
}
