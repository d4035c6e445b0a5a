using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansAuth.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansAuth.EndToEnd.Tests.Cluster;

/// <summary>
/// Every silo of a 3-silo cluster killed with SIGKILL at once (a power loss of the silo hosts): the membership table
/// still lists them Active, nobody left. Three silos then start on new ports (new addresses, as new hosts would have),
/// and the API node, which stayed up, must serve the user's login again within 30 s of the crash: the new silos may
/// not wait for the dead rows to age out the slow way, and the client must find the new gateways by itself.
/// </summary>
public sealed class FullClusterCrashTests(LocalCluster cluster, ITestOutputHelper output) : IClassFixture<LocalCluster>
{
    private const string Password = "Correct-Horse-42-battery!";

    private static readonly TimeSpan _serveLimit = TimeSpan.FromSeconds(30);

    // Bounded: past this the test reports how long it did take, or that it never recovered.
    private static readonly TimeSpan _giveUp = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task KillEverySilo_RestartOnNewPorts_SameApiNodeServesLoginWithin30Seconds()
    {
        using var http = new HttpClient { BaseAddress = cluster.ApiUrl, Timeout = TimeSpan.FromSeconds(20) };
        var email = $"full-crash-{Guid.NewGuid():N}@example.com";
        using (var registered = await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = Password, password_confirmation = Password }))
        {
            Assert.True(registered.StatusCode == HttpStatusCode.Created, await Describe(registered));
        }

        var (status, before) = await LogInAsync(http, email);
        Assert.True(status == HttpStatusCode.OK, $"login before the crash: {status}");
        var userId = before!.Value.GetProperty("user_id").GetString();
        var apiProcess = ApiProcessId();
        var oldPorts = Enumerable.Range(1, cluster.SiloCount).SelectMany(s => new[] { cluster.SiloPort(s), cluster.SiloGatewayPort(s) }).ToHashSet();

        // All at once: no silo outlives another long enough to notice and write anything.
        var victims = Enumerable.Range(1, cluster.SiloCount).Select(s => Process.GetProcessById(cluster.SiloProcessId(s))).ToArray();
        foreach (var victim in victims)
        {
            victim.Kill();
        }

        foreach (var victim in victims)
        {
            await victim.WaitForExitAsync();
            victim.Dispose();
        }

        var crashed = Stopwatch.StartNew();
        var activeAt = new TimeSpan[cluster.SiloCount];
        var restarts = Enumerable.Range(1, cluster.SiloCount).Select(async silo =>
        {
            await cluster.StartSiloAsync(silo, newPorts: true);
            activeAt[silo - 1] = crashed.Elapsed;
        }).ToArray();

        // The user logs in again and again through the same API node until it answers; 503 meanwhile.
        TimeSpan? served = null;
        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        while (crashed.Elapsed < _giveUp)
        {
            HttpStatusCode? answer;
            JsonElement? tokens = null;
            try
            {
                (answer, tokens) = await LogInAsync(http, email);
            }
            catch (TaskCanceledException)
            {
                answer = null;
            }

            var key = answer is { } code ? ((int)code).ToString(CultureInfo.InvariantCulture) : "timeout";
            answers[key] = answers.GetValueOrDefault(key) + 1;
            if (answer == HttpStatusCode.OK)
            {
                Assert.Equal(userId, tokens!.Value.GetProperty("user_id").GetString());
                served = crashed.Elapsed;
                break;
            }

            Assert.True(answer is null or HttpStatusCode.ServiceUnavailable, $"login during recovery answered {answer}");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        await Task.WhenAll(restarts);
        var newPorts = Enumerable.Range(1, cluster.SiloCount).SelectMany(s => new[] { cluster.SiloPort(s), cluster.SiloGatewayPort(s) }).ToArray();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"full crash of {cluster.SiloCount} silos: login served again after {(served is { } s ? $"{s.TotalSeconds:F1} s" : "never")} "
            + $"(limit {_serveLimit.TotalSeconds:F0} s); silos Active after {string.Join(", ", activeAt.Select(t => $"{t.TotalSeconds:F1} s"))}; "
            + $"answers meanwhile {string.Join(", ", answers.Select(a => $"{a.Key}×{a.Value}"))}; ports {string.Join(',', oldPorts.Order())} → {string.Join(',', newPorts)}"));

        Assert.Equal(apiProcess, ApiProcessId());
        Assert.False(Process.GetProcessById(apiProcess).HasExited, "The API node exited.");
        Assert.DoesNotContain(newPorts, oldPorts.Contains);
        Assert.True(served is not null, $"The API node did not serve the login within {_giveUp} of the crash.\n{cluster.Logs()}");
        Assert.True(served <= _serveLimit, $"The API node served the login {served!.Value.TotalSeconds:F1} s after the crash (limit {_serveLimit}).\n{cluster.Logs()}");
    }

    private int ApiProcessId() => cluster.ApiProcessId;

    private static async Task<(HttpStatusCode Status, JsonElement? Tokens)> LogInAsync(HttpClient http, string email)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(response.Headers.RetryAfter is not null, "A 503 should say when to retry.");
        }

        return response.StatusCode == HttpStatusCode.OK
            ? (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>())
            : (response.StatusCode, null);
    }

    private static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}";
}
