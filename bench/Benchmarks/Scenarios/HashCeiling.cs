using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Benchmarks.Harness;
using OrleansAuth.Grains;
using OrleansAuth.Grains.Passwords;

namespace OrleansAuth.Benchmarks.Scenarios;

/// <summary>
/// The hash-bound login ceiling: one password verification (what a login costs, with the default Argon2id
/// parameters) timed on one thread. A login can never be cheaper, so cores ÷ this time bounds login throughput.
/// </summary>
internal static class HashCeiling
{
    public static async Task RunAsync(BenchSettings settings, Report report)
    {
        using var services = new ServiceCollection()
            .AddUserGrains(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        var hasher = services.GetRequiredService<PasswordHasher>();
        const string password = "correct horse battery staple";
        var stored = await hasher.HashAsync(password, CancellationToken.None);

        for (var i = 0; i < 3; i++)
        {
            await hasher.VerifyAsync(password, stored, CancellationToken.None);
        }

        var samples = new double[settings.Quick ? 5 : 40];
        var cpu = Load.ProcessCpu();
        for (var i = 0; i < samples.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await hasher.VerifyAsync(password, stored, CancellationToken.None);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        var cpuMilliseconds = (Load.ProcessCpu() - cpu).TotalMilliseconds / samples.Length;
        Array.Sort(samples);
        var median = samples[samples.Length / 2];
        report.Add("hash: one Argon2id verification (median)", median, "ms", $"wall time; min {samples[0]:F1} ms over {samples.Length}, one thread");
        report.Add("hash: one Argon2id verification, CPU time", cpuMilliseconds, "ms", "process CPU time ÷ verifications: what a login costs a core");
        report.Add("hash: ceiling per core", 1000.0 / Math.Min(median, cpuMilliseconds), "logins/s", "1 core ÷ the smaller of wall and CPU time per verification");
    }
}
