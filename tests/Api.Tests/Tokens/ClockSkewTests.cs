using System.Net;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Tokens;

/// <summary>
/// Two API nodes whose clocks differ, sharing one database: a token issued on one is checked on the other. Within
/// <c>Auth:ClockSkew</c> (default 30 s) the difference does not matter, at either end of the token's lifetime; beyond
/// it, the token is refused with the code that says why (not yet valid: INVALID_TOKEN; expired: EXPIRED_TOKEN).
/// </summary>
public abstract class ClockSkewTests<TFixture>(TFixture fixture) : AuthHostTest<TFixture>(fixture)
    where TFixture : class, IDatabaseFixture
{
    // Five minutes keep the "not yet valid" and "expired" ends of the lifetime far apart.
    private const int LifetimeSeconds = 300;

    protected override (string Key, string? Value)[] Settings => [("Auth:AccessTokenLifetime", "00:05:00")];

    // The signing key is older than any offset here, so only the token's own times are in question.
    private async Task<TokenPair> IssueAsync()
    {
        Time.Advance(TimeSpan.FromMinutes(2));
        return await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
    }

    [Theory]
    [InlineData(-20)] // the verifier is behind: iat and nbf lie 20 s in its future
    [InlineData(20)]
    [InlineData(LifetimeSeconds + 20)] // the verifier is ahead: the token expired 20 s ago on its clock
    public async Task AccessToken_VerifierClockOffWithinSkew_IsAccepted(int verifierOffsetSeconds)
    {
        var tokens = await IssueAsync();
        var (host, verifier) = Start(new FakeTimeProvider(Time.GetUtcNow().AddSeconds(verifierOffsetSeconds)), Settings);
        await using (host)
        {
            using (verifier.Client)
            {
                using var me = await verifier.SendAsync(HttpMethod.Get, "me", tokens.AccessToken);
                var profile = await AuthApi.ReadAsync(me, HttpStatusCode.OK);
                Assert.Equal(tokens.UserId, profile.GetProperty("user_id").GetGuid());
                var validation = await verifier.ValidateAsync(tokens.AccessToken);
                Assert.True(validation.GetProperty("is_valid").GetBoolean(), validation.ToString());
            }
        }
    }

    [Theory]
    [InlineData(-45, "INVALID_TOKEN")] // not valid yet, 15 s beyond the tolerance
    [InlineData(LifetimeSeconds + 45, "EXPIRED_TOKEN")] // expired 15 s beyond the tolerance
    public async Task AccessToken_VerifierClockOffBeyondSkew_IsRefusedWithItsCode(int verifierOffsetSeconds, string code)
    {
        var tokens = await IssueAsync();
        var (host, verifier) = Start(new FakeTimeProvider(Time.GetUtcNow().AddSeconds(verifierOffsetSeconds)), Settings);
        await using (host)
        {
            using (verifier.Client)
            {
                using var me = await verifier.SendAsync(HttpMethod.Get, "me", tokens.AccessToken);
                await AuthApi.ProblemAsync(me, HttpStatusCode.Unauthorized, code);
                var validation = await verifier.ValidateAsync(tokens.AccessToken);
                Assert.False(validation.GetProperty("is_valid").GetBoolean());
                Assert.Equal(code, validation.GetProperty("code").GetString());

                // The issuing node, on its own clock, still accepts the same token.
                using var own = await Api.SendAsync(HttpMethod.Get, "me", tokens.AccessToken);
                Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            }
        }
    }
}

public sealed class SqliteClockSkewTests(SqliteDatabaseFixture fixture) : ClockSkewTests<SqliteDatabaseFixture>(fixture);

public sealed class PostgresClockSkewTests(PostgresDatabaseFixture fixture) : ClockSkewTests<PostgresDatabaseFixture>(fixture);
