using OrleansAuth.Benchmarks.Harness;
using OrleansAuth.Benchmarks.Scenarios;

namespace OrleansAuth.Benchmarks;

/// <summary>
/// <c>hash</c>: the password-hash ceiling. <c>micro</c>: Orleans grain calls (co-hosted, client to silo and silo to
/// silo over TCP), state writes through the service's storage provider (SQLite, and PostgreSQL with
/// <c>--postgres</c>), activation cost and memory. <c>all</c>: both. <c>seed</c>: bulk-load users (see <see cref="UserSeeder"/>).
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
        var sqlite = await OrleansHosts.StartEmbeddedSiloAsync(OrleansHosts.Provider(postgres: false), OrleansHosts.SqliteConnection(Path.Combine(work, "silo.db")));
        try
        {
            await GrainCalls.RunCoHostedAsync(settings, report, sqlite);
            await StateWrites.RunAsync(settings, report, sqlite, "SQLite");
            await Activations.RunAsync(settings, report, sqlite);
        }
        finally
        {
            await OrleansHosts.StopAsync(sqlite);
        }

        if (settings.Postgres is { } postgres)
        {
            var pg = await OrleansHosts.StartEmbeddedSiloAsync(OrleansHosts.Provider(postgres: true), postgres);
            try
            {
                await StateWrites.RunAsync(settings, report, pg, "PostgreSQL");
            }
            finally
            {
                await OrleansHosts.StopAsync(pg);
            }
        }

        await GrainCalls.RunClientToSiloAsync(settings, report);
        await GrainCalls.RunSiloToSiloAsync(settings, report);
    }
}
