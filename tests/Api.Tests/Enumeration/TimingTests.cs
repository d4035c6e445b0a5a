using System.Diagnostics;
using System.Net;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;
using Xunit.Abstractions;

namespace OrleansAuth.Api.Tests.Enumeration;

/// <summary>
/// Timing as an enumeration oracle, measured over real HTTP with the production password hasher (Argon2id at the
/// enforced minimum m=19 MiB, t=2: the options refuse anything cheaper). Known and unknown attempts are interleaved
/// so that load from elsewhere on the machine falls on both alike, and medians are compared; each side uses a few
/// fixed emails so that grain activation (a one-time storage read) is not what is measured.
/// </summary>
public abstract class TimingTests<TFixture>(TFixture fixture, ITestOutputHelper output) : AuthHostTest<TFixture>(fixture)
    where TFixture : class, IDatabaseFixture
{
    private const int Tries = 200;
    private const int EmailsPerSide = 4;
    private const double Tolerance = 0.10;
    private const int Rounds = 3;

    // Each known account takes Tries / EmailsPerSide wrong passwords in its one round: below the lock threshold, so
    // every try hashes.
    protected override (string Key, string? Value)[] Settings => [("Auth:Lockout:MaxFailures", "100")];

    [Fact]
    public Task Login_UnknownEmailVersusWrongPassword_MediansWithinTenPercent() =>
        CompareAsync("login", email => new { email, password = "Wrong-Password-1" }, HttpStatusCode.Unauthorized, "login: wrong password");

    [Fact]
    public Task ForgotPassword_KnownVersusUnknownEmail_MediansWithinTenPercent() =>
        CompareAsync("password/forgot", email => new { email }, HttpStatusCode.Accepted, "forgot: known email");

    [Fact]
    public Task ResendVerification_UnverifiedVersusUnknownEmail_MediansWithinTenPercent() =>
        CompareAsync("resend-verification", email => new { email }, HttpStatusCode.Accepted, "resend: unverified email");

    /// <summary>
    /// Registered (unverified) emails against never-registered ones at <paramref name="path"/>. The statistic is the
    /// median of the ratios of adjacent pairs, which load on the machine shifts far less than it shifts either median.
    /// A leak shows in every round; a burst of load from parallel suites in one, so up to <see cref="Rounds"/> rounds
    /// (fresh emails each, so no account nears its lockout) are measured and one must be within the tolerance.
    /// </summary>
    private async Task CompareAsync(string path, Func<string, object> body, HttpStatusCode expected, string knownName)
    {
        var ratios = new List<double>();
        for (var round = 1; round <= Rounds; round++)
        {
            var known = await RegisterAsync();
            var unknown = Enumerable.Range(0, EmailsPerSide).Select(_ => AuthApi.NewEmail()).ToArray();
            var (knownMedian, unknownMedian, ratio) = await MeasureAsync(
                i => Api.PostAsync(path, body(known[i % EmailsPerSide])),
                i => Api.PostAsync(path, body(unknown[i % EmailsPerSide])),
                expected);
            output.WriteLine($"{typeof(TFixture).Name} round {round}: median {knownName} {knownMedian:0.00} ms, unknown email {unknownMedian:0.00} ms, "
                + $"ratio of medians {unknownMedian / knownMedian:0.000}, median paired ratio {ratio:0.000} over {Tries} tries each");
            ratios.Add(ratio);
            if (Math.Abs(ratio - 1) <= Tolerance)
            {
                return;
            }
        }

        Assert.Fail($"{knownName} vs unknown email: median paired ratios {string.Join(", ", ratios.Select(r => r.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)))} all beyond ±{Tolerance:P0}");
    }

    private async Task<string[]> RegisterAsync()
    {
        var emails = Enumerable.Range(0, EmailsPerSide).Select(_ => AuthApi.NewEmail()).ToArray();
        foreach (var email in emails)
        {
            await Api.RegisterAsync(email);
        }

        return emails;
    }

    /// <summary>Warms both paths (activations, the dummy hash), then alternates which side goes first.</summary>
    private static async Task<(double Known, double Unknown, double PairedRatio)> MeasureAsync(
        Func<int, Task<HttpResponseMessage>> known, Func<int, Task<HttpResponseMessage>> unknown, HttpStatusCode expected)
    {
        for (var i = 0; i < EmailsPerSide; i++)
        {
            await TimeAsync(known, i, expected);
            await TimeAsync(unknown, i, expected);
        }

        var knownTimes = new List<double>(Tries);
        var unknownTimes = new List<double>(Tries);
        for (var i = 0; i < Tries; i++)
        {
            if (i % 2 == 0)
            {
                knownTimes.Add(await TimeAsync(known, i, expected));
                unknownTimes.Add(await TimeAsync(unknown, i, expected));
            }
            else
            {
                unknownTimes.Add(await TimeAsync(unknown, i, expected));
                knownTimes.Add(await TimeAsync(known, i, expected));
            }
        }

        var ratios = knownTimes.Zip(unknownTimes, (k, u) => u / k).ToList();
        return (Median(knownTimes), Median(unknownTimes), Median(ratios));
    }

    private static async Task<double> TimeAsync(Func<int, Task<HttpResponseMessage>> send, int i, HttpStatusCode expected)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await send(i);
        await response.Content.ReadAsByteArrayAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Assert.Equal(expected, response.StatusCode);
        return elapsed;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }
}

public sealed class SqliteTimingTests(SqliteDatabaseFixture fixture, ITestOutputHelper output) : TimingTests<SqliteDatabaseFixture>(fixture, output);

public sealed class PostgresTimingTests(PostgresDatabaseFixture fixture, ITestOutputHelper output) : TimingTests<PostgresDatabaseFixture>(fixture, output);
