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
    [InlineData("Auth:Issuer", "not a url")]
    [InlineData("Auth:Issuer", "ftp://issuer.example")]
    [InlineData("Auth:Audience", " ")]
    [InlineData("Auth:AccessTokenLifetime", "00:00:00")]
    [InlineData("Auth:AccessTokenLifetime", "banana")]
    [InlineData("Auth:ClockSkew", "01:00:00")]
    [InlineData("Auth:SigningKeys:PublishAhead", "00:00:30")]
    [InlineData("Auth:SigningKeys:RotationInterval", "00:30:00")]
    [InlineData("Auth:SigningKeys:EncryptionKey", "c2hvcnQ=")]
    [InlineData("RateLimiting:PermitsPerMinute", "0")]
    public async Task Start_InvalidSetting_FailsWithMessageNamingTheKey(string key, string value)
    {
        await using var host = ApiHost.Sqlite(sqlite.ConnectionString, (key, value));

        var error = Assert.ThrowsAny<Exception>(() => host.CreateRealClient());

        // The whole exception in the message: a start that fails for another reason must say which.
        Assert.True(Flatten(error).Contains(key, StringComparison.Ordinal), error.ToString());
    }

    [Fact]
    public async Task Start_ProductionWithoutSigningKeyEncryptionKey_FailsNamingTheKey()
    {
        await using var host = ApiHost.Sqlite(sqlite.ConnectionString, ("environment", "Production"));

        var error = Assert.ThrowsAny<Exception>(() => host.CreateRealClient());

        Assert.Contains("Auth:SigningKeys:EncryptionKey", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ProductionWithSigningKeyEncryptionKey_Serves()
    {
        await using var host = ApiHost.Sqlite(
            await sqlite.CreateDatabaseAsync(),
            ("environment", "Production"),
            ("Auth:SigningKeys:EncryptionKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));

        using var client = host.CreateRealClient();

        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/.well-known/jwks.json")).StatusCode);
    }

    private static string Flatten(Exception error)
        => error is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(e => e.Message))
            : error.Message + (error.InnerException is null ? string.Empty : " | " + Flatten(error.InnerException));
}
