using System.Diagnostics;
using System.Net;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Runtime.Tests.Storage;
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

    // Each known account takes Tries / EmailsPerSide wrong passwords: below the lock threshold, so every try hashes.
    protected override (string Key, string? Value)[] Settings => [("Auth:Lockout:MaxFailures", "100")];

    [Fact]
    public async Task Login_UnknownEmailVersusWrongPassword_MediansWithinTenPercent()
    {
        var known = await RegisterAsync();
        var unknown = Enumerable.Range(0, EmailsPerSide).Select(_ => AuthApi.NewEmail()).ToArray();

        var (knownMedian, unknownMedian) = await MeasureAsync(
            i => Api.PostAsync("login", new { email = known[i % EmailsPerSide], password = "Wrong-Password-1" }),
            i => Api.PostAsync("login", new { email = unknown[i % EmailsPerSide], password = "Wrong-Password-1" }),
            HttpStatusCode.Unauthorized);

        Report("login: wrong password", knownMedian, "unknown email", unknownMedian);
    }

    [Fact]
    public async Task ForgotPassword_KnownVersusUnknownEmail_MediansWithinTenPercent()
    {
        var known = await RegisterAsync();
        var unknown = Enumerable.Range(0, EmailsPerSide).Select(_ => AuthApi.NewEmail()).ToArray();

        var (knownMedian, unknownMedian) = await MeasureAsync(
            i => Api.PostAsync("password/forgot", new { email = known[i % EmailsPerSide] }),
            i => Api.PostAsync("password/forgot", new { email = unknown[i % EmailsPerSide] }),
            HttpStatusCode.Accepted);

        Report("forgot: known email", knownMedian, "unknown email", unknownMedian);
    }

    [Fact]
    public async Task ResendVerification_UnverifiedVersusUnknownEmail_MediansWithinTenPercent()
    {
        var known = await RegisterAsync();
        var unknown = Enumerable.Range(0, EmailsPerSide).Select(_ => AuthApi.NewEmail()).ToArray();

        var (knownMedian, unknownMedian) = await MeasureAsync(
            i => Api.PostAsync("resend-verification", new { email = known[i % EmailsPerSide] }),
            i => Api.PostAsync("resend-verification", new { email = unknown[i % EmailsPerSide] }),
            HttpStatusCode.Accepted);

        Report("resend: unverified email", knownMedian, "unknown email", unknownMedian);
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
    private async Task<(double Known, double Unknown)> MeasureAsync(
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

        return (Median(knownTimes), Median(unknownTimes));
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

    private static double Median(List<double> values)
    {
        values.Sort();
        return (values[(values.Count - 1) / 2] + values[values.Count / 2]) / 2;
    }

    private void Report(string knownName, double knownMedian, string unknownName, double unknownMedian)
    {
        var ratio = unknownMedian / knownMedian;
        output.WriteLine($"{typeof(TFixture).Name}: median {knownName} {knownMedian:0.00} ms, {unknownName} {unknownMedian:0.00} ms, ratio {ratio:0.000} over {Tries} tries each");
        Assert.InRange(ratio, 1 - Tolerance, 1 + Tolerance);
    }
}

public sealed class SqliteTimingTests(SqliteDatabaseFixture fixture, ITestOutputHelper output) : TimingTests<SqliteDatabaseFixture>(fixture, output);

public sealed class PostgresTimingTests(PostgresDatabaseFixture fixture, ITestOutputHelper output) : TimingTests<PostgresDatabaseFixture>(fixture, output);
