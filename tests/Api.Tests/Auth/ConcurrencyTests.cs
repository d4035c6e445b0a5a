using System.Net;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Auth;

/// <summary>Parallel attacks and races over real HTTP: exact lockout, and refresh rotation that never forks a session.</summary>
public abstract class ConcurrencyTests<TFixture>(TFixture fixture) : AuthHostTest<TFixture>(fixture)
    where TFixture : class, IDatabaseFixture
{
    [Fact]
    public async Task Login_100ParallelWrongPasswords_LocksAtExactlyTheThresholdAndRefusesTheRightPassword()
    {
        var email = AuthApi.NewEmail();
        await Api.RegisterAsync(email);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var response = await Api.PostAsync("login", new { email, password = "Wrong-Password-1" });
            var problem = await AuthApi.ReadAsync(response, response.StatusCode);
            return (response.StatusCode, Code: problem.GetProperty("code").GetString());
        }));

        Assert.Equal(5, responses.Count(r => r is { StatusCode: HttpStatusCode.Unauthorized, Code: "INVALID_CREDENTIALS" }));
        Assert.Equal(95, responses.Count(r => r is { StatusCode: HttpStatusCode.TooManyRequests, Code: "ACCOUNT_LOCKED" }));
        using var right = await Api.PostAsync("login", new { email, password = AuthApi.Password });
        await AuthApi.ProblemAsync(right, HttpStatusCode.TooManyRequests, "ACCOUNT_LOCKED");
        Assert.Single(await EventLog.ReadAsync(Host, email), e => e.Type == "user.locked_out");
    }

    [Fact]
    public async Task Refresh_20ParallelWithOneToken_AllGetValidTokensOfOneSessionAndReuseAfterLeewayEndsIt()
    {
        var email = AuthApi.NewEmail();
        var login = await Api.RegisterAndLoginAsync(email);

        // The clock stands still: every presentation is within the reuse leeway of the first rotation.
        var pairs = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Api.RefreshAsync(login.RefreshToken)));

        Assert.All(pairs, pair => Assert.Equal(login.SessionId, pair.SessionId));
        foreach (var pair in pairs)
        {
            var validation = await Api.ValidateAsync(pair.AccessToken);
            Assert.True(validation.GetProperty("is_valid").GetBoolean());
            Assert.Equal(login.SessionId, validation.GetProperty("session_id").GetGuid());
        }

        using (var sessions = await Api.SendAsync(HttpMethod.Get, "sessions", pairs[0].AccessToken))
        {
            Assert.Single((await AuthApi.ReadAsync(sessions, HttpStatusCode.OK)).EnumerateArray());
        }

        // After the leeway, the already rotated token is a theft signal: the whole session ends.
        Time.Advance(TimeSpan.FromSeconds(11));
        using var reused = await Api.PostAsync("refresh", new { refresh_token = login.RefreshToken });
        await AuthApi.ProblemAsync(reused, HttpStatusCode.Unauthorized, "TOKEN_REUSED");
        foreach (var pair in pairs)
        {
            Assert.False((await Api.ValidateAsync(pair.AccessToken)).GetProperty("is_valid").GetBoolean());
            using var refresh = await Api.PostAsync("refresh", new { refresh_token = pair.RefreshToken });
            Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        }

        Assert.Contains(await EventLog.ReadAsync(Host, email), e => e.Type == "refresh_token.reuse_detected");
    }
}

public sealed class SqliteConcurrencyTests(SqliteDatabaseFixture fixture) : ConcurrencyTests<SqliteDatabaseFixture>(fixture);

public sealed class PostgresConcurrencyTests(PostgresDatabaseFixture fixture) : ConcurrencyTests<PostgresDatabaseFixture>(fixture);
