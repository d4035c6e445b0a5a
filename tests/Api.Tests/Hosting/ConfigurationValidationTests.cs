using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Runtime.Tests.Storage;

namespace OrleansAuth.Api.Tests.Hosting;

public sealed class ConfigurationValidationTests(SqliteDatabaseFixture sqlite) : IClassFixture<SqliteDatabaseFixture>
{
    [Theory]
    [InlineData("Storage:Provider", "mysql")]
    [InlineData("Cluster:Mode", "swarm")]
    [InlineData("GrainRuntime:ResponseTimeout", "-00:00:01")]
    [InlineData("GrainRuntime:MaxEnqueuedRequests", "0")]
    public async Task Start_InvalidSetting_FailsWithMessageNamingTheKey(string key, string value)
    {
        await using var host = ApiHost.Sqlite(sqlite.ConnectionString, (key, value));

        var error = Assert.ThrowsAny<Exception>(() => host.CreateRealClient());

        Assert.Contains(key, Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception error)
        => error is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(e => e.Message))
            : error.Message + (error.InnerException is null ? string.Empty : " | " + Flatten(error.InnerException));
}
