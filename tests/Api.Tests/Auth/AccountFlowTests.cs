using System.Net;
using System.Text.Json;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Auth;

/// <summary>Registration, email verification, login and the profile over real HTTP, on SQLite and PostgreSQL.</summary>
public abstract class AccountFlowTests<TFixture>(TFixture fixture) : AuthHostTest<TFixture>(fixture)
    where TFixture : class, IDatabaseFixture
{
    [Fact]
    public async Task Register_NewAccount_Returns201AndItsVerificationTokenVerifiesOnce()
    {
        var email = AuthApi.NewEmail();

        var user = await Api.RegisterAsync("  " + email.ToUpperInvariant() + " ");

        Assert.Equal(email, user.GetProperty("email").GetString());
        Assert.False(user.GetProperty("email_verified").GetBoolean());
        var userId = user.GetProperty("user_id").GetGuid();
        var token = await EventLog.VerificationTokenAsync(Host, email);
        using (var verified = await Api.PostAsync("verify-email", new { token }))
        {
            var body = await AuthApi.ReadAsync(verified, HttpStatusCode.OK);
            Assert.Equal(userId, body.GetProperty("user_id").GetGuid());
            Assert.True(body.GetProperty("email_verified").GetBoolean());
        }

        using var again = await Api.PostAsync("verify-email", new { token });
        await AuthApi.ProblemAsync(again, HttpStatusCode.BadRequest, "INVALID_TOKEN");
        var tokens = await Api.LoginAsync(email);
        using var me = await Api.SendAsync(HttpMethod.Get, "me", tokens.AccessToken);
        Assert.True((await AuthApi.ReadAsync(me, HttpStatusCode.OK)).GetProperty("email_verified").GetBoolean());
    }

    [Fact]
    public async Task Register_SameEmailOtherSpelling_Returns409DuplicateEmail()
    {
        var email = AuthApi.NewEmail();
        await Api.RegisterAsync(email);

        using var response = await Api.PostAsync("register", new { email = email.ToUpperInvariant(), password = AuthApi.Password, password_confirmation = AuthApi.Password });

        await AuthApi.ProblemAsync(response, HttpStatusCode.Conflict, "DUPLICATE_EMAIL");
    }

    [Fact]
    public async Task Register_ConfirmationDiffers_Returns400PasswordMismatch()
    {
        using var response = await Api.PostAsync("register", new { email = AuthApi.NewEmail(), password = AuthApi.Password, password_confirmation = AuthApi.Password + "x" });

        var problem = await AuthApi.ProblemAsync(response, HttpStatusCode.BadRequest, "PASSWORD_MISMATCH");
        Assert.True(problem.GetProperty("errors").TryGetProperty("password_confirmation", out _));
    }

    [Theory]
    [InlineData("password1")]
    [InlineData("short")]
    public async Task Register_WeakPassword_Returns400WeakPasswordNamingTheField(string password)
    {
        using var response = await Api.PostAsync("register", new { email = AuthApi.NewEmail(), password, password_confirmation = password });

        var problem = await AuthApi.ProblemAsync(response, HttpStatusCode.BadRequest, "WEAK_PASSWORD");
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _), problem.ToString());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("oaev_AAAA")]
    public async Task VerifyEmail_MalformedToken_Returns400InvalidToken(string token)
    {
        using var response = await Api.PostAsync("verify-email", new { token });

        await AuthApi.ProblemAsync(response, HttpStatusCode.BadRequest, "INVALID_TOKEN");
    }

    [Fact]
    public async Task VerifyEmail_TokenOfAnotherKind_Returns400InvalidToken()
    {
        var tokens = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        using var response = await Api.PostAsync("verify-email", new { token = tokens.RefreshToken });

        await AuthApi.ProblemAsync(response, HttpStatusCode.BadRequest, "INVALID_TOKEN");
    }

    [Fact]
    public async Task VerifyEmail_AfterTokenLifetime_Returns400ExpiredToken()
    {
        var email = AuthApi.NewEmail();
        await Api.RegisterAsync(email);
        var token = await EventLog.VerificationTokenAsync(Host, email);

        Time.Advance(TimeSpan.FromHours(25));
        using var response = await Api.PostAsync("verify-email", new { token });

        await AuthApi.ProblemAsync(response, HttpStatusCode.BadRequest, "EXPIRED_TOKEN");
    }

    [Fact]
    public async Task ResendVerification_AnyEmail_Returns202AndIssuesATokenOnlyForAnUnverifiedAccount()
    {
        var email = AuthApi.NewEmail();
        await Api.RegisterAsync(email);

        foreach (var candidate in new[] { email, AuthApi.NewEmail(), "not-an-address" })
        {
            using var response = await Api.PostAsync("resend-verification", new { email = candidate });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var token = await EventLog.LatestAsync(Host, email, "user.verification_requested", "verification_token");
        using var verified = await Api.PostAsync("verify-email", new { token });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
    }

    [Fact]
    public async Task Login_RightPassword_ReturnsTokensAndAnEs256AccessTokenWithTheContractClaims()
    {
        var email = AuthApi.NewEmail();
        var userId = (await Api.RegisterAsync(email)).GetProperty("user_id").GetGuid();

        var tokens = await Api.LoginAsync(email);

        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal(userId, tokens.UserId);
        Assert.Equal(900, tokens.ExpiresIn);
        Assert.InRange(tokens.RefreshExpiresIn, TimeSpan.FromDays(7).TotalSeconds - 5, TimeSpan.FromDays(7).TotalSeconds);
        var (header, payload) = Jwt.Decode(tokens.AccessToken);
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        Assert.False(string.IsNullOrEmpty(header.GetProperty("kid").GetString()));
        Assert.Equal("http://127.0.0.1:8000", payload.GetProperty("iss").GetString());
        Assert.Equal("orleans-auth", payload.GetProperty("aud").GetString());
        Assert.Equal(userId.ToString(), payload.GetProperty("sub").GetString());
        Assert.Equal(email, payload.GetProperty("email").GetString());
        Assert.Equal(tokens.SessionId.ToString(), payload.GetProperty("sid").GetString());
        Assert.False(string.IsNullOrEmpty(payload.GetProperty("jti").GetString()));
        Assert.Equal(JsonValueKind.Array, payload.GetProperty("roles").ValueKind);
        var issuedAt = payload.GetProperty("iat").GetInt64();
        Assert.Equal(issuedAt, payload.GetProperty("nbf").GetInt64());
        Assert.Equal(issuedAt + 900, payload.GetProperty("exp").GetInt64());
        Assert.Equal(Time.GetUtcNow().ToUnixTimeSeconds(), issuedAt);
    }

    [Fact]
    public async Task Login_UnknownEmail_AnswersExactlyLikeAWrongPassword()
    {
        var email = AuthApi.NewEmail();
        await Api.RegisterAsync(email);

        using var wrong = await Api.PostAsync("login", new { email, password = "Wrong-Password-1" });
        using var unknown = await Api.PostAsync("login", new { email = AuthApi.NewEmail(), password = "Wrong-Password-1" });
        using var impossible = await Api.PostAsync("login", new { email = "no-at-sign", password = "Wrong-Password-1" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(wrong.StatusCode, unknown.StatusCode);
        Assert.Equal(WithoutTraceId(await wrong.Content.ReadAsStringAsync()), WithoutTraceId(await unknown.Content.ReadAsStringAsync()));
        Assert.Equal(wrong.Content.Headers.ContentType, unknown.Content.Headers.ContentType);
        Assert.Equal(wrong.StatusCode, impossible.StatusCode);
        Assert.Equal(WithoutTraceId(await wrong.Content.ReadAsStringAsync()), WithoutTraceId(await impossible.Content.ReadAsStringAsync()));
        Assert.Equal("INVALID_CREDENTIALS", JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Login_UnverifiedEmailWhenRequired_Returns403EmailNotVerified()
    {
        var (host, api) = Start(("Auth:RequireVerifiedEmail", "true"));
        await using var _ = host;
        using var client = api.Client;
        var email = AuthApi.NewEmail();
        await api.RegisterAsync(email);

        using var refused = await api.PostAsync("login", new { email, password = AuthApi.Password });
        await AuthApi.ProblemAsync(refused, HttpStatusCode.Forbidden, "EMAIL_NOT_VERIFIED");

        using var verified = await api.PostAsync("verify-email", new { token = await EventLog.VerificationTokenAsync(host, email) });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        await api.LoginAsync(email);
    }

    [Fact]
    public async Task Login_AfterMaxFailures_Returns429AccountLockedWithRetryAfterUntilTheLockEnds()
    {
        var email = AuthApi.NewEmail();
        await Api.RegisterAsync(email);
        for (var i = 0; i < 5; i++)
        {
            using var failed = await Api.PostAsync("login", new { email, password = "Wrong-Password-1" });
            await AuthApi.ProblemAsync(failed, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        }

        using var locked = await Api.PostAsync("login", new { email, password = AuthApi.Password });

        await AuthApi.ProblemAsync(locked, HttpStatusCode.TooManyRequests, "ACCOUNT_LOCKED");
        var retryAfter = int.Parse(Assert.Single(locked.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Time.Advance(TimeSpan.FromSeconds(retryAfter + 1));
        await Api.LoginAsync(email);
    }

    [Fact]
    public async Task Me_WithAccessToken_ReturnsTheProfile()
    {
        var email = AuthApi.NewEmail();
        var tokens = await Api.RegisterAndLoginAsync(email);

        using var response = await Api.SendAsync(HttpMethod.Get, "me", tokens.AccessToken);

        var me = await AuthApi.ReadAsync(response, HttpStatusCode.OK);
        Assert.Equal(tokens.UserId, me.GetProperty("user_id").GetGuid());
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.False(me.GetProperty("email_verified").GetBoolean());
        Assert.Equal(JsonValueKind.Array, me.GetProperty("roles").ValueKind);
        Assert.True(me.GetProperty("created_at").GetDateTimeOffset() <= Time.GetUtcNow());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Me_AdminEmail_HasAdminRoleInProfileAndToken()
    {
        var email = AuthApi.NewEmail();
        var (host, api) = Start(("Auth:AdminEmails:0", email));
        await using var _ = host;
        using var client = api.Client;

        var tokens = await api.RegisterAndLoginAsync(email);

        Assert.Contains("admin", Jwt.Decode(tokens.AccessToken).Payload.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        using var me = await api.SendAsync(HttpMethod.Get, "me", tokens.AccessToken);
        Assert.Contains("admin", (await AuthApi.ReadAsync(me, HttpStatusCode.OK)).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData("GET", "me")]
    [InlineData("GET", "sessions")]
    [InlineData("POST", "logout")]
    [InlineData("POST", "logout-all")]
    [InlineData("DELETE", "sessions/8d3c4b0e-3f5c-4b2a-9a51-2b8f3f0f2a10")]
    [InlineData("POST", "password/change")]
    public async Task BearerEndpoint_WithoutToken_Returns401Unauthorized(string method, string path)
    {
        using var response = await Api.SendAsync(new HttpMethod(method), path, bearer: null);

        await AuthApi.ProblemAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task BearerEndpoint_GarbageToken_Returns401InvalidToken()
    {
        using var response = await Api.SendAsync(HttpMethod.Get, "me", "not.a.token");

        await AuthApi.ProblemAsync(response, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
    }

    private static string WithoutTraceId(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove("trace_id");
        return node.ToJsonString();
    }
}

public sealed class SqliteAccountFlowTests(SqliteDatabaseFixture fixture) : AccountFlowTests<SqliteDatabaseFixture>(fixture);

public sealed class PostgresAccountFlowTests(PostgresDatabaseFixture fixture) : AccountFlowTests<PostgresDatabaseFixture>(fixture);
