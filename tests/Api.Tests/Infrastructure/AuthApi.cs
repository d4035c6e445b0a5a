using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansAuth.Api.Tests.Infrastructure;

/// <summary>A client of /api/v1/auth for tests: raw calls plus the happy paths they build on.</summary>
public sealed class AuthApi(HttpClient client)
{
    public const string Password = "Correct-Horse-7-Battery";

    public HttpClient Client => client;

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    public async Task<HttpResponseMessage> PostAsync(string path, object? body, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/" + path)
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        Authorize(request, bearer);
        return await client.SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer)
    {
        using var request = new HttpRequestMessage(method, "/api/v1/auth/" + path);
        Authorize(request, bearer);
        return await client.SendAsync(request);
    }

    public async Task<JsonElement> RegisterAsync(string email, string password = Password)
    {
        using var response = await PostAsync("register", new { email, password, password_confirmation = password });
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    public async Task<TokenPair> LoginAsync(string email, string password = Password)
    {
        using var response = await PostAsync("login", new { email, password });
        return TokenPair.From(await ReadAsync(response, HttpStatusCode.OK));
    }

    public async Task<TokenPair> RegisterAndLoginAsync(string email)
    {
        await RegisterAsync(email);
        return await LoginAsync(email);
    }

    public async Task<TokenPair> RefreshAsync(string refreshToken)
    {
        using var response = await PostAsync("refresh", new { refresh_token = refreshToken });
        return TokenPair.From(await ReadAsync(response, HttpStatusCode.OK));
    }

    public async Task<JsonElement> ValidateAsync(string token)
    {
        using var response = await PostAsync("validate-token", new { token });
        return await ReadAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Asserts the status and returns the JSON body (which outlives the response).</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a problem+json answer with this status and code; returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await ReadAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    private static void Authorize(HttpRequestMessage request, string? bearer)
    {
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
    }
}
