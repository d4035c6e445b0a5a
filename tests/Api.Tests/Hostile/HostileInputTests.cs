using System.Net;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;
using Xunit.Abstractions;

namespace OrleansAuth.Api.Tests.Hostile;

/// <summary>
/// The hostile-input corpus (see <see cref="HostileCorpus"/>) against the real application on Kestrel: every endpoint
/// the app maps, well over 1,000 malformed requests. Rate limits are on but wide in the first pass (so handlers are
/// reached instead of 429s) and at their defaults in the second; after each pass the host must still be healthy.
/// </summary>
public abstract class HostileInputTests<TFixture>(TFixture fixture, ITestOutputHelper output) : IClassFixture<TFixture>
    where TFixture : class, IDatabaseFixture
{
    private readonly string _adminEmail = $"corpus-admin-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task Corpus_WithWideRateLimits_NoServerErrorAndEveryClientErrorIsProblemJson()
    {
        var run = await RunCorpusAsync(("RateLimiting:PermitsPerMinute", "1000000"));

        Assert.False(run.Codes.ContainsKey("RATE_LIMITED"), "the wide limits still limited the corpus");
    }

    [Fact]
    public async Task Corpus_WithDefaultRateLimits_NoServerErrorAndRejectionsAreProblemJson()
    {
        var run = await RunCorpusAsync();

        Assert.True(run.Codes.GetValueOrDefault("RATE_LIMITED") > 0, "the default limits never limited the corpus");
    }

    [Fact]
    public async Task Corpus_IsDeterministicAndCoversEveryEndpointWithOver1000Requests()
    {
        await using var host = StartHost();
        var endpoints = EndpointShape.Discover(host.Services);
        var first = HostileCorpus.Generate(endpoints).Requests;
        var second = HostileCorpus.Generate(endpoints).Requests;

        Assert.True(first.Count >= 1000, $"only {first.Count} requests");
        Assert.Equal(first.Select(request => Convert.ToBase64String(request.Bytes)), second.Select(request => Convert.ToBase64String(request.Bytes)));
        foreach (var endpoint in endpoints)
        {
            var path = System.Text.Encoding.ASCII.GetBytes(" " + endpoint.Fill(Guid.Empty.ToString()));
            Assert.True(first.Count(request => request.Bytes.AsSpan().IndexOf(path) >= 0) >= 20, $"{endpoint} is barely covered");
        }
    }

    private ApiHost StartHost(params (string Key, string? Value)[] extra)
    {
        var host = ApiHost.For(fixture, [("Auth:Lockout:MaxFailures", "100"), ("Auth:AdminEmails:0", _adminEmail), .. extra]);
        host.CreateRealClient().Dispose();
        return host;
    }

    private async Task<CorpusRun> RunCorpusAsync(params (string Key, string? Value)[] extra)
    {
        await using var host = StartHost(extra);
        using var client = host.CreateClient();
        var api = new AuthApi(client);
        await api.RegisterAsync(_adminEmail);
        var bearer = new BearerKeeper(api, _adminEmail);

        var endpoints = EndpointShape.Discover(host.Services);
        var corpus = HostileCorpus.Generate(endpoints);
        var run = await CorpusRun.ExecuteAsync(client.BaseAddress!, corpus.Requests, bearer.CurrentAsync, bearer.Observe);

        output.WriteLine($"{corpus.Requests.Count} requests over {endpoints.Count} endpoints: {string.Join(", ", endpoints)}");
        output.WriteLine("per category: " + string.Join(", ", corpus.CountsByCategory().Select(pair => $"{pair.Key} {pair.Value}")));
        output.WriteLine("statuses: " + string.Join(", ", run.Statuses.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}×{pair.Value}")));
        output.WriteLine("codes: " + string.Join(", ", run.Codes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}×{pair.Value}")));
        output.WriteLine($"5xx: {run.ServerErrors}; refused by Kestrel before the app: {run.ProtocolRejections} (of which 505 to an unknown HTTP version: {run.VersionRejections}); failures: {run.Failures.Count}");
        foreach (var failure in run.Failures.OrderBy(failure => failure.Contains("X-Request-ID", StringComparison.Ordinal)).Take(40))
        {
            output.WriteLine(failure);
        }

        Assert.Equal(0, run.ServerErrors);
        Assert.Empty(run.Failures);

        // Still healthy and still serving: readiness, and a new account can register and sign in.
        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var email = AuthApi.NewEmail();
        await api.RegisterAsync(email);
        var pair = await api.LoginAsync(email);
        Assert.True((await api.ValidateAsync(pair.AccessToken)).GetProperty("is_valid").GetBoolean());
        return run;
    }
}

public sealed class SqliteHostileInputTests(SqliteDatabaseFixture fixture, ITestOutputHelper output) : HostileInputTests<SqliteDatabaseFixture>(fixture, output);

public sealed class PostgresHostileInputTests(PostgresDatabaseFixture fixture, ITestOutputHelper output) : HostileInputTests<PostgresDatabaseFixture>(fixture, output);
