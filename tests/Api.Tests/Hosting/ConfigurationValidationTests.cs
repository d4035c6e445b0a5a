using System.Security.Cryptography;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Hosting;

public sealed class ConfigurationValidationTests(SqliteDatabaseFixture sqlite, PostgresDatabaseFixture postgres)
    : IClassFixture<SqliteDatabaseFixture>, IClassFixture<PostgresDatabaseFixture>
{
    [Theory]
    [InlineData("Storage:Provider", "mysql")]
    [InlineData("Cluster:Mode", "swarm")]
    [InlineData("Silo:Port", "-1")]
    [InlineData("Silo:Port", "70000")]
    [InlineData("Auth:Issuer", "not a url")]
    [InlineData("Auth:Issuer", "ftp://issuer.example")]
    [InlineData("Auth:Audience", " ")]
    [InlineData("Auth:AccessTokenLifetime", "00:00:00")]
    [InlineData("Auth:AccessTokenLifetime", "banana")]
    [InlineData("Auth:ClockSkew", "01:00:00")]
    [InlineData("Auth:VerifiedTokenCacheSize", "-1")]
    [InlineData("Auth:VerifiedTokenCacheSize", "1000001")]
    [InlineData("Auth:SigningKeys:PublishAhead", "00:00:30")]
    [InlineData("Auth:SigningKeys:RotationInterval", "00:30:00")]
    [InlineData("Auth:SigningKeys:EncryptionKey", "c2hvcnQ=")]
    [InlineData("RateLimiting:PermitsPerMinute", "0")]
    public async Task Start_InvalidSetting_FailsWithMessageNamingTheKey(string key, string value)
    {
        var output = await RunUntilExitAsync(new Dictionary<string, string?>
        {
            ["Auth__SigningKeys__EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [key.Replace(":", "__", StringComparison.Ordinal)] = value,
        });

        Assert.Contains(key, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ClusterClient:FailoverWait", "-00:00:01")]
    [InlineData("ClusterClient:RetryDelay", "00:00:00")]
    [InlineData("ClusterClient:GatewayListRefreshPeriod", "00:00:00")]
    public async Task Start_ClientModeInvalidSetting_FailsWithMessageNamingTheKey(string key, string value)
    {
        var output = await RunUntilExitAsync(new Dictionary<string, string?>
        {
            ["Auth__SigningKeys__EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Cluster__Mode"] = "client",
            ["Cluster__ClusterId"] = $"config-{Guid.NewGuid():N}",
            ["Storage__Provider"] = "postgres",
            ["ConnectionStrings__AuthDb"] = postgres.ConnectionString,
            [key.Replace(":", "__", StringComparison.Ordinal)] = value,
        });

        Assert.Contains(key, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ClientModeOnSqlite_FailsNamingStorageProvider()
    {
        // Cluster membership lives in PostgreSQL only: a client-mode node on SQLite has no cluster to find.
        var output = await RunUntilExitAsync(new Dictionary<string, string?>
        {
            ["Auth__SigningKeys__EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Cluster__Mode"] = "client",
            ["Storage__Provider"] = "sqlite",
            ["ConnectionStrings__AuthDb"] = sqlite.ConnectionString,
        });

        Assert.Contains("Storage:Provider", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ProductionWithoutSigningKeyEncryptionKey_FailsNamingTheKey()
    {
        var output = await RunUntilExitAsync(new Dictionary<string, string?> { ["Auth__SigningKeys__EncryptionKey"] = null });

        Assert.Contains("Auth:SigningKeys:EncryptionKey", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ProductionWithSigningKeyEncryptionKey_Serves()
    {
        await using var host = ApiHost.Sqlite(
            await sqlite.CreateDatabaseAsync(),
            ("environment", "Production"),
            ("Auth:SigningKeys:EncryptionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

        using var client = host.CreateRealClient();

        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/.well-known/jwks.json")).StatusCode);
    }

    /// <summary>
    /// A real process rather than WebApplicationFactory: the factory can report a failed start as ObjectDisposedException
    /// from its deferred host, hiding the error this test is about.
    /// </summary>
    private static async Task<string> RunUntilExitAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("oa-api-config-").FullName;
        try
        {
            using var api = ApiProcess.Start(workingDirectory, environment, "--urls", "http://127.0.0.1:0");
            await api.WaitForExitAsync(TimeSpan.FromSeconds(60), "refuse to start");
            Assert.True(api.Process.ExitCode != 0, $"The API exited with 0:\n{api.Output}");
            return api.Output;
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }
}
