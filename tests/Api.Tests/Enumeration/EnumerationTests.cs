using System.Net;
using System.Text.Json.Nodes;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Enumeration;

/// <summary>
/// Nothing but register tells whether an email has an account: login, resend-verification and forgot-password answer
/// a known and an unknown email with the same status, headers and body (trace_id aside), lockout included. Register
/// answers 409 DUPLICATE_EMAIL by contract (DESIGN.md §4): a sign-up form has to say the address is taken, so that
/// oracle is accepted and bounded by the register rate limit instead.
/// </summary>
public abstract class EnumerationTests<TFixture>(TFixture fixture) : AuthHostTest<TFixture>(fixture)
    where TFixture : class, IDatabaseFixture
{
    [Theory]
    [InlineData("login")]
    [InlineData("resend-verification")]
    [InlineData("password/forgot")]
    public async Task Endpoint_KnownAndUnknownEmail_AnswerIdentically(string path)
    {
        var (unverified, verified) = (AuthApi.NewEmail(), AuthApi.NewEmail());
        await Api.RegisterAsync(unverified);
        await Api.RegisterAsync(verified);
        using (var verify = await Api.PostAsync("verify-email", new { token = await EventLog.VerificationTokenAsync(Host, verified) }))
        {
            Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        }

        var answers = new List<string>();
        foreach (var email in new[] { unverified, verified, AuthApi.NewEmail(), "not-an-email", unverified.ToUpperInvariant() })
        {
            using var response = await Api.PostAsync(path, new { email, password = "Wrong-Password-1" });
            answers.Add(await DescribeAsync(response));
        }

        Assert.Single(answers.Distinct());
    }

    [Fact]
    public async Task Login_RepeatedFailuresKnownAndUnknown_LockAlikeWithTheSameRetryAfter()
    {
        var known = AuthApi.NewEmail();
        await Api.RegisterAsync(known);
        var unknown = AuthApi.NewEmail();

        for (var attempt = 1; attempt <= 7; attempt++)
        {
            using var forKnown = await Api.PostAsync("login", new { email = known, password = "Wrong-Password-1" });
            using var forUnknown = await Api.PostAsync("login", new { email = unknown, password = "Wrong-Password-1" });

            Assert.Equal(await DescribeAsync(forKnown), await DescribeAsync(forUnknown));
            Assert.Equal(attempt <= 5 ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, forKnown.StatusCode);
        }
    }

    [Fact]
    public async Task Register_KnownEmail_Returns409DuplicateEmailByContract()
    {
        var email = AuthApi.NewEmail();
        await Api.RegisterAsync(email);

        using var again = await Api.PostAsync("register", new { email, password = AuthApi.Password, password_confirmation = AuthApi.Password });

        await AuthApi.ProblemAsync(again, HttpStatusCode.Conflict, "DUPLICATE_EMAIL");
    }

    /// <summary>Status, the headers a client sees (minus per-request ones) and the body without trace_id.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length > 0 && JsonNode.Parse(body) is JsonObject problem)
        {
            problem.Remove("trace_id");
            body = problem.ToJsonString();
        }

        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(header => header.Key is not ("Date" or "X-Request-ID" or "Content-Length"))
            .OrderBy(header => header.Key, StringComparer.Ordinal)
            .Select(header => $"{header.Key}: {string.Join(',', header.Value)}");
        return $"{(int)response.StatusCode} [{string.Join("; ", headers)}] {body}";
    }
}

public sealed class SqliteEnumerationTests(SqliteDatabaseFixture fixture) : EnumerationTests<SqliteDatabaseFixture>(fixture);

public sealed class PostgresEnumerationTests(PostgresDatabaseFixture fixture) : EnumerationTests<PostgresDatabaseFixture>(fixture);
