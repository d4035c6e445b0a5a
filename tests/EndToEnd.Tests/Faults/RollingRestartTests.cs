using System.Globalization;
using OrleansAuth.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansAuth.EndToEnd.Tests.Faults;

/// <summary>
/// Every silo stopped gracefully (SIGTERM) and started again as a new generation, one at a time, each Active before the
/// next stops, under a mixed load: no user is logged out and no refresh session is lost.
/// </summary>
public sealed class RollingRestartTests(LocalCluster cluster, ITestOutputHelper output) : IClassFixture<LocalCluster>
{
    [Fact]
    public async Task RestartEverySiloInTurn_UnderMixedLoad_NoUserLoggedOutAndNoSessionLost()
    {
        await using var load = await MixedLoad.StartSteadyAsync(cluster.ApiUrl);

        var startedAt = load.Now;
        var oldProcesses = Enumerable.Range(1, cluster.SiloCount).Select(cluster.SiloProcessId).ToArray();
        for (var silo = 1; silo <= cluster.SiloCount; silo++)
        {
            await cluster.StopSiloAsync(silo);
            await cluster.StartSiloAsync(silo);
        }

        var restartedAt = load.Now;
        await load.WaitForQuietAsync(restartedAt, quiet: TimeSpan.FromSeconds(3), minimum: TimeSpan.FromSeconds(3), maximum: TimeSpan.FromSeconds(20));
        var report = await load.StopAsync();
        var unverifiable = await load.VerifyAsync(TimeSpan.FromSeconds(60));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rolling restart of {cluster.SiloCount} silos in {(restartedAt - startedAt).TotalSeconds:F1} s: {report.Summary()}; {load.UserCount} users; {unverifiable} sessions unverifiable"));

        Assert.DoesNotContain(Enumerable.Range(1, cluster.SiloCount).Select(cluster.SiloProcessId), oldProcesses.Contains);
        Assert.True(load.Violations.Count == 0, $"Users logged out or sessions lost:\n{string.Join('\n', load.Violations)}\n{cluster.Logs()}");
        Assert.Equal(0, load.UnconfirmedRotationLogouts + unverifiable);
        Assert.Equal(0, report.Malformed);
    }
}
