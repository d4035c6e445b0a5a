using OrleansAuth.Benchmarks.Harness;
using OrleansAuth.Benchmarks.Scenarios;

namespace OrleansAuth.Benchmarks;

/// <summary>
/// <c>hash</c>: the password-hash ceiling. <c>micro</c>: grain calls (local and over TCP), state writes (SQLite, and
/// PostgreSQL with <c>--postgres</c>), activation cost and memory. <c>all</c>: both. <c>seed</c>: bulk-load users (see <see cref="UserSeeder"/>).
/// </summary>
internal static class BenchmarkCommands
{
    public static async Task<int> RunAsync(BenchSettings settings)
    {
        var work = Directory.CreateTempSubdirectory("orleansauth-bench-");
        try
        {
            var report = new Report(settings.Output);
            switch (settings.Command)
            {
                case "hash":
                    await HashCeiling.RunAsync(settings, report);
                    break;
                case "micro":
                    await RunMicroAsync(settings, report, work.FullName);
                    break;
                case "seed":
                    await UserSeeder.RunAsync(settings, report);
                    break;
                case "all":
                    await HashCeiling.RunAsync(settings, report);
                    await RunMicroAsync(settings, report, work.FullName);
                    break;
                default:
                    await Console.Error.WriteLineAsync($"unknown command '{settings.Command}': hash | micro | all | seed [--postgres CONN] [--out FILE] [--quick]");
                    return 2;
            }

            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task RunMicroAsync(BenchSettings settings, Report report, string work)
    {
        using (var sqlite = await BenchHosts.StartSiloAsync(BenchHosts.Provider(postgres: false), BenchHosts.SqliteConnection(Path.Combine(work, "silo.db"))))
        {
            await GrainCalls.RunLocalAsync(settings, report, sqlite);
            await StateWrites.RunAsync(settings, report, sqlite, "SQLite");
            await Activations.RunAsync(settings, report, sqlite);
            await sqlite.StopAsync();
        }

        if (settings.Postgres is { } postgres)
        {
            using var pg = await BenchHosts.StartSiloAsync(BenchHosts.Provider(postgres: true), postgres);
            await StateWrites.RunAsync(settings, report, pg, "PostgreSQL");
            await pg.StopAsync();
        }

        await GrainCalls.RunRemoteAsync(settings, report, work);
    }
}
