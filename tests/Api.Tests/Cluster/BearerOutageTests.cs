using System.Net;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Cluster;

/// <summary>
/// A bearer endpoint whose session check cannot reach the grain must not call a good token bad: 503 with Retry-After
/// (clients retry), never 401 (clients drop the token and log the user out — an outage, or an attacker who can
/// overload silos, would sign everyone out). JwtBearer rethrows what the session check throws, so the central
/// exception handler answers; this test keeps it that way.
/// </summary>
public sealed class BearerOutageTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Me_EverySiloKilled_Returns503ServiceUnavailableNot401()
    {
        await using var topology = await ClientModeCluster.StartAsync(fixture, silos: 1, apiNodes: 1, new Dictionary<string, string?>(), ("ClusterClient:FailoverWait", "00:00:02"));
        var api = topology.Nodes[0].Api;
        var pair = await api.RegisterAndLoginAsync(AuthApi.NewEmail());

        await topology.KillSiloAsync(topology.Silos[0]);
        using var me = await api.SendAsync(HttpMethod.Get, "me", pair.AccessToken);

        await AuthApi.ProblemAsync(me, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        Assert.Equal("1", me.Headers.GetValues("Retry-After").Single());
    }
}
