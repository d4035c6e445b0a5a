using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansAuth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The auth API over real HTTP, recording every request it sends during a load run: its operation, when it started
/// (on the run's clock), how long it took and how it ended.
/// </summary>
internal sealed class AuthClient(HttpClient http, Stopwatch clock, ConcurrentQueue<RequestRecord> records)
{
    public const string Password = "Correct-Horse-42-battery!";

    /// <summary>An answer: status (0 when no answer came), JSON body if any, and the problem's <c>code</c>.</summary>
    public readonly record struct Answer(int Status, JsonElement? Body, string? Code)
    {
        public bool IsUnavailable => Status == (int)HttpStatusCode.ServiceUnavailable;

        public string Text(string name) => Body!.Value.GetProperty(name).GetString()!;
    }

    /// <summary>False while verifying after the run: those requests are not part of the measured load.</summary>
    public bool Recording { get; set; } = true;

    public Task<Answer> RegisterAsync(string email) =>
        SendAsync("register", HttpMethod.Post, "/api/v1/auth/register", new { email, password = Password, password_confirmation = Password }, bearer: null);

    public Task<Answer> LogInAsync(string email, string password, bool probe = false) =>
        SendAsync(probe ? RequestRecord.PasswordProbe : "login", HttpMethod.Post, "/api/v1/auth/login", new { email, password }, bearer: null);

    public Task<Answer> RefreshAsync(string refreshToken) =>
        SendAsync("refresh", HttpMethod.Post, "/api/v1/auth/refresh", new { refresh_token = refreshToken }, bearer: null);

    public Task<Answer> MeAsync(string accessToken) =>
        SendAsync("me", HttpMethod.Get, "/api/v1/auth/me", body: null, accessToken);

    public Task<Answer> ChangePasswordAsync(string accessToken, string currentPassword, string newPassword) =>
        SendAsync(
            "change-password",
            HttpMethod.Post,
            "/api/v1/auth/password/change",
            new { current_password = currentPassword, new_password = newPassword, new_password_confirmation = newPassword },
            accessToken);

    private async Task<Answer> SendAsync(string operation, HttpMethod method, string path, object? body, string? bearer)
    {
        var started = clock.Elapsed;
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        Answer answer;
        var wellFormed = true;
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            JsonElement? json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true
                ? JsonSerializer.Deserialize<JsonElement>(text)
                : null;
            var code = json is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("code", out var c) ? c.GetString() : null;
            answer = new Answer((int)response.StatusCode, json, code);

            // The contract of a refusal under faults: problem+json with a code, and when to retry.
            wellFormed = !answer.IsUnavailable
                || (response.Headers.RetryAfter is not null && response.Content.Headers.ContentType?.MediaType == "application/problem+json" && code is not null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            answer = new Answer(0, null, exception.GetType().Name);
        }

        if (Recording)
        {
            records.Enqueue(new RequestRecord(operation, started, clock.Elapsed - started, answer.Status, wellFormed));
        }

        return answer;
    }
}
