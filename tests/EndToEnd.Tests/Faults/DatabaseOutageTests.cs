using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using OrleansAuth.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansAuth.EndToEnd.Tests.Faults;

/// <summary>
/// The cluster's PostgreSQL stopped for 10 s under a mixed load: requests that need it fail fast with 503 (problem+json,
/// Retry-After), /health/ready reports the database down, the silos' database circuit breakers open, every silo
/// survives, and the service recovers by itself within 5 s of the database's return with nothing acknowledged lost.
/// </summary>
public sealed class DatabaseOutageTests(LocalCluster cluster, ITestOutputHelper output) : IClassFixture<LocalCluster>
{
    private static readonly TimeSpan _outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan _longestRequest = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan _recoveryLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task StopDatabaseFor10Seconds_UnderMixedLoad_Fails503FastAndRecoversWithin5Seconds()
    {
        using var probe = new HttpClient { BaseAddress = cluster.ApiUrl, Timeout = TimeSpan.FromSeconds(20) };
        var silos = Enumerable.Range(1, cluster.SiloCount).Select(cluster.SiloProcessId).ToArray();
        await using var load = await MixedLoad.StartSteadyAsync(cluster.ApiUrl);

        var stoppedAt = load.Now;
        await cluster.StopDatabaseAsync();

        // While it is down: readiness says so, quickly, and the silos' breakers open.
        var ready = await ReadinessAsync(probe);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("unhealthy", ready.Database);
        Assert.True(ready.Duration <= _longestRequest, $"/health/ready took {ready.Duration} with the database down.");
        while (cluster.CountSiloLogLines("Database circuit opened") == 0 && load.Now - stoppedAt < _outage)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        var breakerOpened = load.Now - stoppedAt;
        Assert.True(breakerOpened < _outage, $"No silo's database circuit opened during the outage.\n{cluster.Logs()}");
        await Task.Delay(stoppedAt + _outage - load.Now);
        var restartedAt = load.Now;
        await cluster.StartDatabaseAsync();
        var backAt = load.Now;

        await load.WaitForQuietAsync(backAt, quiet: TimeSpan.FromSeconds(3), minimum: TimeSpan.FromSeconds(3), maximum: TimeSpan.FromSeconds(30));
        var report = await load.StopAsync();
        var recovery = (report.LastFailureEnd(stoppedAt) ?? backAt) - backAt;
        var longest = report.LongestBetween(stoppedAt, restartedAt);
        var failedOtherwise = report.CountBetween(stoppedAt, backAt, r => r.Failed && r.Status != 503);
        var readyAfter = await ReadinessAsync(probe);
        var unverifiable = await load.VerifyAsync(TimeSpan.FromSeconds(60));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PostgreSQL down {(backAt - stoppedAt).TotalSeconds:F1} s: {report.Summary()}; /health/ready {ready.Duration.TotalMilliseconds:F0} ms while down; "
            + $"breaker open after {breakerOpened.TotalSeconds:F1} s; longest request during the outage {longest.TotalMilliseconds:F0} ms; "
            + $"recovered {Math.Max(0, recovery.TotalSeconds):F1} s after the database returned; {unverifiable} sessions unverifiable, "
            + $"{load.UnconfirmedRotationLogouts} ended by unanswered rotations; failures from the database's return: {report.FailureTimeline(backAt)}"));

        Assert.All(silos, pid => Assert.False(Process.GetProcessById(pid).HasExited, $"Silo process {pid} exited during the outage.\n{cluster.Logs()}"));
        Assert.Equal(0, cluster.CountSiloLogLines("is Dead according to the membership table"));
        Assert.Equal(HttpStatusCode.OK, readyAfter.Status);
        Assert.True(longest <= _longestRequest, $"A request took {longest} during the outage. {report.Summary()}");
        Assert.Equal(0, failedOtherwise);
        Assert.True(recovery <= _recoveryLimit, $"Requests still failed {recovery} after the database returned. {report.Summary()}\n{cluster.Logs()}");
        Assert.True(load.Violations.Count == 0, $"Acknowledged state lost or contradicted:\n{string.Join('\n', load.Violations)}\n{cluster.Logs()}");
        Assert.Equal(0, report.Malformed);
    }

    private static async Task<(HttpStatusCode Status, string? Database, TimeSpan Duration)> ReadinessAsync(HttpClient http)
    {
        var started = Stopwatch.StartNew();
        using var response = await http.GetAsync("/health/ready");
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.GetProperty("database").GetString(), started.Elapsed);
    }
}
