using System.Net;
using OrleansAuth.Api.Tests.Cluster;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Users;

/// <summary>
/// The admin endpoints on an API node in <c>Cluster:Mode=client</c>: every grain call (update, delete) crosses the TCP
/// transport to a silo of a two-silo cluster, and the listing reads the projection of that cluster id only.
/// </summary>
public sealed class ClusterUserAdministrationTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task AdminEndpoints_ApiInClientMode_ListDisableAndDeleteThroughTheCluster()
    {
        var adminEmail = AuthApi.NewEmail();
        await using var topology = await ClientModeCluster.StartAsync(
            database, silos: 2, apiNodes: 1, new Dictionary<string, string?> { ["Auth:AdminEmails:0"] = adminEmail });
        var api = topology.Nodes[0].Api;
        var users = new UsersApi(api.Client);
        var admin = await api.RegisterAndLoginAsync(adminEmail);
        var email = AuthApi.NewEmail();
        var user = await api.RegisterAndLoginAsync(email);

        using var list = await users.ListAsync("?page_size=10", admin.AccessToken);
        var page = await AuthApi.ReadAsync(list, HttpStatusCode.OK);
        using var disable = await users.PatchAsync(user.UserId, new { disabled = true, roles = new[] { "support" } }, admin.AccessToken);
        var disabled = await AuthApi.ReadAsync(disable, HttpStatusCode.OK);
        using var meWhileDisabled = await api.SendAsync(HttpMethod.Get, "me", user.AccessToken);
        using var delete = await users.DeleteAsync(user.UserId, admin.AccessToken);
        using var get = await users.GetAsync(user.UserId, admin.AccessToken);

        Assert.Equal(2, page.GetProperty("total").GetInt64());
        Assert.Equal(
            new[] { admin.UserId, user.UserId }.Order(),
            page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("user_id").GetGuid()).Order());
        Assert.True(disabled.GetProperty("disabled").GetBoolean());
        await AuthApi.ProblemAsync(meWhileDisabled, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await AuthApi.ProblemAsync(get, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.NotEqual(user.UserId, (await api.RegisterAsync(email)).GetProperty("user_id").GetGuid());
    }
}
