using System.Net;
using System.Text.Json;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Users;

/// <summary>
/// /api/v1/users end to end: who may call it, paging over the users projection, and what disabling, re-roling and
/// deleting do to the target's tokens, at once.
/// </summary>
public abstract class UserAdministrationTests<TFixture>(TFixture fixture) : AuthHostTest<TFixture>(fixture)
    where TFixture : class, IDatabaseFixture
{
    private readonly string _adminEmail = AuthApi.NewEmail();

    protected override (string Key, string? Value)[] Settings => [("Auth:AdminEmails:0", _adminEmail)];

    private UsersApi Users => new(Api.Client);

    [Fact]
    public async Task Endpoints_WithoutToken_Return401()
    {
        using var list = await Users.ListAsync("", null);
        using var delete = await Users.DeleteAsync(Guid.NewGuid(), null);

        await AuthApi.ProblemAsync(list, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await AuthApi.ProblemAsync(delete, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Endpoints_NonAdminToken_Return403ForbiddenProblem()
    {
        var user = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        using var list = await Users.ListAsync("", user.AccessToken);
        using var patch = await Users.PatchAsync(user.UserId, new { roles = new[] { "admin" } }, user.AccessToken);

        await AuthApi.ProblemAsync(list, HttpStatusCode.Forbidden, "FORBIDDEN");
        await AuthApi.ProblemAsync(patch, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.DoesNotContain("admin", await RolesAtMeAsync(user.AccessToken));
    }

    [Fact]
    public async Task Endpoints_UnknownUserId_Return404NotFound()
    {
        var admin = await AdminAsync();
        var id = Guid.NewGuid();

        using var get = await Users.GetAsync(id, admin.AccessToken);
        using var patch = await Users.PatchAsync(id, new { disabled = true }, admin.AccessToken);
        using var delete = await Users.DeleteAsync(id, admin.AccessToken);

        await AuthApi.ProblemAsync(get, HttpStatusCode.NotFound, "NOT_FOUND");
        await AuthApi.ProblemAsync(patch, HttpStatusCode.NotFound, "NOT_FOUND");
        await AuthApi.ProblemAsync(delete, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("?page=0", "page")]
    [InlineData("?page=abc", "page")]
    [InlineData("?page=-1", "page")]
    [InlineData("?page=99999999999", "page")]
    [InlineData("?page_size=0", "page_size")]
    [InlineData("?page_size=1.5", "page_size")]
    public async Task List_BadPaging_Returns400ValidationError(string query, string field)
    {
        var admin = await AdminAsync();

        using var response = await Users.ListAsync(query, admin.AccessToken);

        var problem = await AuthApi.ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task List_PageSizeAboveMaximum_IsCappedAt100()
    {
        var admin = await AdminAsync();

        using var response = await Users.ListAsync("?page_size=5000", admin.AccessToken);

        var body = await AuthApi.ReadAsync(response, HttpStatusCode.OK);
        Assert.Equal(100, body.GetProperty("page_size").GetInt32());
        Assert.Equal(1, body.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task List_120Users_PagesThroughEachExactlyOnce()
    {
        var admin = await AdminAsync();
        var registered = new List<Guid>();
        foreach (var batch in Enumerable.Range(0, 120).Chunk(6))
        {
            var bodies = await Task.WhenAll(batch.Select(_ => Api.RegisterAsync(AuthApi.NewEmail())));
            registered.AddRange(bodies.Select(body => body.GetProperty("user_id").GetGuid()));
        }

        var seen = new List<Guid>();
        long total = -1;
        for (var page = 1; ; page++)
        {
            using var response = await Users.ListAsync($"?page={page}&page_size=25", admin.AccessToken);
            var body = await AuthApi.ReadAsync(response, HttpStatusCode.OK);
            total = body.GetProperty("total").GetInt64();
            var items = body.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("user_id").GetGuid()).ToList();
            Assert.Equal(page, body.GetProperty("page").GetInt32());
            Assert.Equal(25, body.GetProperty("page_size").GetInt32());
            if (items.Count == 0)
            {
                break;
            }

            seen.AddRange(items);
        }

        Assert.Equal(total, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(registered, id => Assert.Single(seen, id));
    }

    [Fact]
    public async Task Get_RegisteredThenVerified_ShowsTheProjectionFollowing()
    {
        var admin = await AdminAsync();
        var email = AuthApi.NewEmail();
        var id = (await Api.RegisterAsync(email)).GetProperty("user_id").GetGuid();

        var before = await GetUserAsync(id, admin.AccessToken);
        using var verify = await Api.PostAsync("verify-email", new { token = await EventLog.VerificationTokenAsync(Host, email) });
        await AuthApi.ReadAsync(verify, HttpStatusCode.OK);
        var after = await GetUserAsync(id, admin.AccessToken);

        Assert.Equal(email, before.GetProperty("email").GetString());
        Assert.False(before.GetProperty("email_verified").GetBoolean());
        Assert.False(before.GetProperty("disabled").GetBoolean());
        Assert.Equal(["user"], Roles(before));
        Assert.True(after.GetProperty("email_verified").GetBoolean());
        Assert.Equal(before.GetProperty("created_at").GetDateTimeOffset(), after.GetProperty("created_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Patch_Disable_EndsTheUsersTokensAtOnceAndEnableLetsThemLogInAgain()
    {
        var admin = await AdminAsync();
        var email = AuthApi.NewEmail();
        var user = await Api.RegisterAndLoginAsync(email);

        using var disable = await Users.PatchAsync(user.UserId, new { disabled = true }, admin.AccessToken);

        Assert.True((await AuthApi.ReadAsync(disable, HttpStatusCode.OK)).GetProperty("disabled").GetBoolean());
        Assert.True((await GetUserAsync(user.UserId, admin.AccessToken)).GetProperty("disabled").GetBoolean());
        using (var me = await Api.SendAsync(HttpMethod.Get, "me", user.AccessToken))
        {
            await AuthApi.ProblemAsync(me, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
        }

        Assert.False((await Api.ValidateAsync(user.AccessToken)).GetProperty("is_valid").GetBoolean());
        using (var refresh = await Api.PostAsync("refresh", new { refresh_token = user.RefreshToken }))
        {
            await AuthApi.ProblemAsync(refresh, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
        }

        using (var login = await Api.PostAsync("login", new { email, password = AuthApi.Password }))
        {
            await AuthApi.ProblemAsync(login, HttpStatusCode.Forbidden, "ACCOUNT_DISABLED");
        }

        using var enable = await Users.PatchAsync(user.UserId, new { disabled = false }, admin.AccessToken);
        Assert.False((await AuthApi.ReadAsync(enable, HttpStatusCode.OK)).GetProperty("disabled").GetBoolean());
        var again = await Api.LoginAsync(email);
        Assert.True((await Api.ValidateAsync(again.AccessToken)).GetProperty("is_valid").GetBoolean());
    }

    [Fact]
    public async Task Delete_User_EndsEverythingAndTheEmailRegistersAgainAsANewAccount()
    {
        var admin = await AdminAsync();
        var email = AuthApi.NewEmail();
        var old = await Api.RegisterAndLoginAsync(email);

        using var delete = await Users.DeleteAsync(old.UserId, admin.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var get = await Users.GetAsync(old.UserId, admin.AccessToken))
        {
            await AuthApi.ProblemAsync(get, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        using (var login = await Api.PostAsync("login", new { email, password = AuthApi.Password }))
        {
            await AuthApi.ProblemAsync(login, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        }

        await AssertTokensDeadAsync(old);
        var registered = await Api.RegisterAsync(email);
        var fresh = await Api.LoginAsync(email);
        Assert.NotEqual(old.UserId, registered.GetProperty("user_id").GetGuid());
        Assert.Equal(email, (await GetUserAsync(fresh.UserId, admin.AccessToken)).GetProperty("email").GetString());
        await AssertTokensDeadAsync(old);
        using var deleteAgain = await Users.DeleteAsync(old.UserId, admin.AccessToken);
        await AuthApi.ProblemAsync(deleteAgain, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Changes_ToOwnAccount_Return409SelfLockout()
    {
        var admin = await AdminAsync();
        var other = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        using var promote = await Users.PatchAsync(other.UserId, new { roles = new[] { "admin" } }, admin.AccessToken);
        await AuthApi.ReadAsync(promote, HttpStatusCode.OK);

        using var disable = await Users.PatchAsync(other.UserId, new { disabled = true }, other.AccessToken);
        using var demote = await Users.PatchAsync(other.UserId, new { roles = new[] { "support" } }, other.AccessToken);
        using var delete = await Users.DeleteAsync(other.UserId, other.AccessToken);
        using var deleteBootstrap = await Users.DeleteAsync(admin.UserId, admin.AccessToken);

        await AuthApi.ProblemAsync(disable, HttpStatusCode.Conflict, "SELF_LOCKOUT");
        await AuthApi.ProblemAsync(demote, HttpStatusCode.Conflict, "SELF_LOCKOUT");
        await AuthApi.ProblemAsync(delete, HttpStatusCode.Conflict, "SELF_LOCKOUT");
        await AuthApi.ProblemAsync(deleteBootstrap, HttpStatusCode.Conflict, "SELF_LOCKOUT");
        Assert.Equal(["user", "admin"], await RolesAtMeAsync(other.AccessToken));
        Assert.False((await GetUserAsync(other.UserId, admin.AccessToken)).GetProperty("disabled").GetBoolean());
    }

    [Fact]
    public async Task Patch_PromoteThenDemote_AdminAccessFollowsAtOnceWithTheSameToken()
    {
        var admin = await AdminAsync();
        var other = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        using var promote = await Users.PatchAsync(other.UserId, new { roles = new[] { "admin" } }, admin.AccessToken);
        Assert.Equal(["user", "admin"], Roles(await AuthApi.ReadAsync(promote, HttpStatusCode.OK)));
        using (var asAdmin = await Users.ListAsync("", other.AccessToken))
        {
            await AuthApi.ReadAsync(asAdmin, HttpStatusCode.OK);
        }

        using var demote = await Users.PatchAsync(other.UserId, new { roles = Array.Empty<string>() }, admin.AccessToken);
        Assert.Equal(["user"], Roles(await AuthApi.ReadAsync(demote, HttpStatusCode.OK)));

        using var demoted = await Users.ListAsync("", other.AccessToken);
        await AuthApi.ProblemAsync(demoted, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(["user"], await RolesAtMeAsync(other.AccessToken));
    }

    [Fact]
    public async Task Patch_BootstrapAdminRolesRemovedByAnotherAdmin_KeepsAdmin()
    {
        var admin = await AdminAsync();
        var other = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        using var promote = await Users.PatchAsync(other.UserId, new { roles = new[] { "admin" } }, admin.AccessToken);
        await AuthApi.ReadAsync(promote, HttpStatusCode.OK);

        using var demote = await Users.PatchAsync(admin.UserId, new { roles = new[] { "auditor" } }, other.AccessToken);

        Assert.Equal(["user", "auditor", "admin"], Roles(await AuthApi.ReadAsync(demote, HttpStatusCode.OK)));
        Assert.Equal(["user", "auditor", "admin"], Roles(await GetUserAsync(admin.UserId, admin.AccessToken)));
    }

    [Theory]
    [InlineData("""{}""", "body")]
    [InlineData("""{"roles":["Admin"]}""", "roles")]
    [InlineData("""{"roles":[null]}""", "roles")]
    [InlineData("""{"roles":["a b"]}""", "roles")]
    [InlineData("""{"roles":"admin"}""", "roles")]
    [InlineData("""{"disabled":"yes"}""", "disabled")]
    public async Task Patch_InvalidBody_Returns400ValidationError(string json, string field)
    {
        var admin = await AdminAsync();
        var user = await Api.RegisterAsync(AuthApi.NewEmail());
        var id = user.GetProperty("user_id").GetGuid();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{UsersApi.Prefix}/{id}")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", admin.AccessToken);

        using var response = await Api.Client.SendAsync(request);

        var problem = await AuthApi.ProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(["user"], Roles(await GetUserAsync(id, admin.AccessToken)));
    }

    [Fact]
    public async Task Patch_ParallelChangesOfOneUser_GrainAndProjectionEndEqual()
    {
        var admin = await AdminAsync();
        var user = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Users.PatchAsync(user.UserId, new { roles = new[] { $"role{i}", "support" } }, admin.AccessToken)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        var grainRoles = await RolesAtMeAsync(user.AccessToken);
        Assert.Equal(grainRoles, Roles(await GetUserAsync(user.UserId, admin.AccessToken)));
        Assert.Equal(3, grainRoles.Count);
    }

    private async Task<TokenPair> AdminAsync() => await Api.RegisterAndLoginAsync(_adminEmail);

    private async Task<JsonElement> GetUserAsync(Guid id, string bearer)
    {
        using var response = await Users.GetAsync(id, bearer);
        return await AuthApi.ReadAsync(response, HttpStatusCode.OK);
    }

    private async Task<List<string>> RolesAtMeAsync(string bearer)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, "me", bearer);
        return Roles(await AuthApi.ReadAsync(response, HttpStatusCode.OK));
    }

    private async Task AssertTokensDeadAsync(TokenPair tokens)
    {
        using (var me = await Api.SendAsync(HttpMethod.Get, "me", tokens.AccessToken))
        {
            await AuthApi.ProblemAsync(me, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
        }

        using (var refresh = await Api.PostAsync("refresh", new { refresh_token = tokens.RefreshToken }))
        {
            await AuthApi.ProblemAsync(refresh, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
        }

        Assert.False((await Api.ValidateAsync(tokens.AccessToken)).GetProperty("is_valid").GetBoolean());
    }

    private static List<string> Roles(JsonElement user)
        => [.. user.GetProperty("roles").EnumerateArray().Select(role => role.GetString()!)];
}

public sealed class SqliteUserAdministrationTests(SqliteDatabaseFixture fixture) : UserAdministrationTests<SqliteDatabaseFixture>(fixture);

public sealed class PostgresUserAdministrationTests(PostgresDatabaseFixture fixture) : UserAdministrationTests<PostgresDatabaseFixture>(fixture);
