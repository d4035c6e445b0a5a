using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansAuth.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansAuth.EndToEnd.Tests.Cluster;

/// <summary>
/// DESIGN.md §6 on real processes: users registered and logged in through the API over HTTP keep their accounts and
/// sessions when one of three silos is killed with SIGKILL, and can log in and refresh again within 15 s.
/// </summary>
public sealed class SiloFailoverTests(LocalCluster cluster, ITestOutputHelper output) : IClassFixture<LocalCluster>
{
    private const string Password = "Correct-Horse-42-battery!";

    // Enough users that every silo owns some of them (the chance that the killed silo owns none is (2/3)^24 ≈ 6e-5).
    private const int UserCount = 24;

    private static readonly TimeSpan _recovery = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task KillOneSilo_UsersLogInAndRefreshWithin15Seconds_NothingLost()
    {
        using var http = new HttpClient { BaseAddress = cluster.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        var emails = Enumerable.Range(0, UserCount).Select(i => $"failover-{i}-{Guid.NewGuid():N}@example.com").ToArray();
        var refreshTokens = new Dictionary<string, string>();
        var userIds = new Dictionary<string, string>();
        foreach (var email in emails)
        {
            using var registered = await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = Password, password_confirmation = Password });
            Assert.True(registered.StatusCode == HttpStatusCode.Created, await Describe(registered));
            var tokens = await LogInAsync(http, email);
            Assert.NotNull(tokens);

            // A rotation acknowledged before the kill: only the rotated token may work afterwards.
            var rotated = await RefreshAsync(http, tokens.Value.GetProperty("refresh_token").GetString()!);
            Assert.NotNull(rotated);
            refreshTokens[email] = rotated.Value.GetProperty("refresh_token").GetString()!;
            userIds[email] = rotated.Value.GetProperty("user_id").GetString()!;
        }

        using (var victim = Process.GetProcessById(cluster.SiloProcessId(1)))
        {
            victim.Kill();
            await victim.WaitForExitAsync();
        }

        var killed = Stopwatch.StartNew();
        var pending = new HashSet<string>(emails);
        while (pending.Count > 0)
        {
            if (killed.Elapsed >= _recovery)
            {
                Assert.Fail($"{pending.Count} of {UserCount} users could not log in and refresh within {_recovery} of the kill.\n{cluster.Logs()}");
            }

            foreach (var email in pending.ToArray())
            {
                // 503 (with Retry-After) while the cluster notices the dead silo; anything else is an answer.
                var login = await LogInAsync(http, email);
                if (login is null)
                {
                    continue;
                }

                Assert.Equal(userIds[email], login.Value.GetProperty("user_id").GetString());
                var refreshed = await RefreshAsync(http, refreshTokens[email]);
                if (refreshed is null)
                {
                    continue;
                }

                Assert.Equal(userIds[email], refreshed.Value.GetProperty("user_id").GetString());
                pending.Remove(email);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"kill -9 of silo 1 of 3: all {UserCount} users logged in and refreshed again {killed.Elapsed.TotalSeconds:F1} s after the kill"));
    }

    /// <summary>The tokens, or null for a 503 (the cluster is recovering); any other answer fails the test.</summary>
    private static async Task<JsonElement?> LogInAsync(HttpClient http, string email)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        return await ReadTokensAsync(response);
    }

    private static async Task<JsonElement?> RefreshAsync(HttpClient http, string refreshToken)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = refreshToken });
        return await ReadTokensAsync(response);
    }

    private static async Task<JsonElement?> ReadTokensAsync(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(response.Headers.RetryAfter is not null, "A 503 should say when to retry.");
            return null;
        }

        Assert.True(response.StatusCode == HttpStatusCode.OK, await Describe(response));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}";
}
