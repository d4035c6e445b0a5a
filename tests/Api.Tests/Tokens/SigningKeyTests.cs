using System.Data.Common;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Api.Tokens;
using OrleansAuth.Hosting;
using OrleansAuth.Hosting.Storage.Database;
using OrleansAuth.Hosting.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Tokens;

/// <summary>
/// The signing keys as several API nodes share them through one database: one key however the nodes race, rotation
/// published ahead of use, retirement only after every token of the old key expired, private keys sealed at rest.
/// </summary>
public abstract class SigningKeyTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IDatabaseFixture
{
    private static readonly (string, string?)[] Rotation =
    [
        ("Auth:SigningKeys:RotationInterval", "01:00:00"),
        ("Auth:SigningKeys:PublishAhead", "00:10:00"),
        ("Auth:SigningKeys:RefreshInterval", "00:01:00"),
        ("Auth:AccessTokenLifetime", "00:15:00"),
        ("Auth:ClockSkew", "00:00:30"),
    ];

    [Fact]
    public async Task Start_ThreeNodesAtOnce_AgreeOnOneSigningKey()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        var hosts = Enumerable.Range(0, 3).Select(_ => ApiHost.For(fixture, connectionString, null)).ToArray();
        try
        {
            var clients = await Task.WhenAll(hosts.Select(host => Task.Run(host.CreateRealClient)));

            var kids = new List<string>();
            foreach (var client in clients)
            {
                using var jwks = JsonDocument.Parse(await client.GetStringAsync("/.well-known/jwks.json"));
                kids.Add(Assert.Single(jwks.RootElement.GetProperty("keys").EnumerateArray()).GetProperty("kid").GetString()!);
            }

            Assert.Single(kids.Distinct());
            Assert.All(hosts, host => Assert.Equal(kids[0], Ring(host).Current.Kid));
            Assert.Equal(1L, await ScalarAsync(hosts[0], "SELECT COUNT(*) FROM signing_keys"));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Refresh_RotationDue_PublishesNextKeyAheadSignsWithItLaterAndRetiresOldKeyAfterItsTokensExpire()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var nodeA = ApiHost.For(fixture, connectionString, services => services.AddKeyedSingleton<TimeProvider>(ServiceClock.Key, time), Rotation);
        await using var nodeB = ApiHost.For(fixture, connectionString, services => services.AddKeyedSingleton<TimeProvider>(ServiceClock.Key, time), Rotation);
        using var clientA = nodeA.CreateRealClient();
        using var clientB = nodeB.CreateRealClient();
        var first = Ring(nodeA).Current;
        Assert.Equal(first.Kid, Ring(nodeB).Current.Kid);

        // 50 minutes in, the next key is due for publication (rotation 1 h, published 10 min ahead).
        time.Advance(TimeSpan.FromMinutes(50));
        await Ring(nodeA).RefreshAsync(CancellationToken.None);
        await Ring(nodeB).RefreshAsync(CancellationToken.None);
        var next = Assert.Single(Ring(nodeB).Keys, key => key.Kid != first.Kid);
        Assert.Equal(first.ActivatesAt + TimeSpan.FromHours(1), next.ActivatesAt);
        Assert.Equal(first.Kid, Ring(nodeA).Current.Kid);
        Assert.Equal(first.Kid, Ring(nodeB).Current.Kid);
        Assert.Equal([first.Kid, next.Kid], await PublishedKidsAsync(clientA));
        Assert.Equal(2L, await ScalarAsync(nodeA, "SELECT COUNT(*) FROM signing_keys"));

        // At activation both nodes switch without another database read; a token of the old key still validates.
        time.Advance(TimeSpan.FromMinutes(9));
        var oldToken = Issue(nodeA);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(next.Kid, Ring(nodeA).Current.Kid);
        Assert.Equal(next.Kid, Ring(nodeB).Current.Kid);
        var newToken = Issue(nodeB);
        Assert.Equal(first.Kid, Validator(nodeB).Validate(oldToken).SecurityToken?.Kid);
        Assert.Equal(next.Kid, Validator(nodeA).Validate(newToken).SecurityToken?.Kid);

        // The old key stays published until a token signed just before the switch has expired (lifetime + skew).
        time.Advance(TimeSpan.FromMinutes(15));
        await Ring(nodeA).RefreshAsync(CancellationToken.None);
        Assert.Contains(first.Kid, await PublishedKidsAsync(clientA));
        time.Advance(TimeSpan.FromSeconds(31));
        await Ring(nodeA).RefreshAsync(CancellationToken.None);
        await Ring(nodeB).RefreshAsync(CancellationToken.None);
        Assert.Equal([next.Kid], await PublishedKidsAsync(clientA));
        Assert.Equal([next.Kid], await PublishedKidsAsync(clientB));
        Assert.Equal(1L, await ScalarAsync(nodeA, "SELECT COUNT(*) FROM signing_keys"));
    }

    [Fact]
    public async Task Start_WithEncryptionKey_StoresPrivateKeySealedAndAnotherKeyCannotOpenIt()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        var encryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using (var node = ApiHost.For(fixture, connectionString, null, ("Auth:SigningKeys:EncryptionKey", encryptionKey)))
        {
            using var client = node.CreateRealClient();
            var current = Ring(node).Current;
            var (protection, stored) = await ReadKeyRowAsync(node);

            Assert.StartsWith("A256GCM:", protection, StringComparison.Ordinal);
            var pkcs8 = current.ExportPrivateKey();
            Assert.False(stored.AsSpan().IndexOf(pkcs8.AsSpan(pkcs8.Length - 32)) >= 0, "The private scalar is stored in clear.");
        }

        // A node restarted with the same key reads it back; one with another key refuses to start, naming the setting.
        await using (var same = ApiHost.For(fixture, connectionString, null, ("Auth:SigningKeys:EncryptionKey", encryptionKey)))
        {
            using var client = same.CreateRealClient();
            Assert.NotNull(Ring(same).Current);
        }

        // A real process: WebApplicationFactory can report a failed start as ObjectDisposedException instead of its error.
        var workingDirectory = Directory.CreateTempSubdirectory("oa-api-keys-").FullName;
        try
        {
            using var other = ApiProcess.Start(
                workingDirectory,
                new Dictionary<string, string?>
                {
                    ["Storage__Provider"] = fixture is PostgresDatabaseFixture ? "postgres" : "sqlite",
                    ["ConnectionStrings__AuthDb"] = connectionString,
                    ["Auth__SigningKeys__EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                },
                "--urls",
                "http://127.0.0.1:0");
            await other.WaitForExitAsync(TimeSpan.FromSeconds(60), "refuse to start");

            Assert.NotEqual(0, other.Process.ExitCode);
            Assert.Contains("Auth:SigningKeys:EncryptionKey", other.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    private static SigningKeyRing Ring(ApiHost host) => host.Services.GetRequiredService<SigningKeyRing>();

    private static AccessTokenValidator Validator(ApiHost host) => host.Services.GetRequiredService<AccessTokenValidator>();

    private static string Issue(ApiHost host)
        => host.Services.GetRequiredService<AccessTokenIssuer>()
            .Issue(new AccessTokenSubject(Guid.NewGuid().ToString(), "someone@example.com", Guid.NewGuid().ToString(), [])).Token;

    private static async Task<string[]> PublishedKidsAsync(HttpClient client)
    {
        var jwks = await client.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("kid").GetString()!)];
    }

    private static async Task<long> ScalarAsync(ApiHost host, string sql)
    {
        await using var connection = await host.Services.GetRequiredService<IAuthDatabase>().OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<(string Protection, byte[] PrivateKey)> ReadKeyRowAsync(ApiHost host)
    {
        await using var connection = await host.Services.GetRequiredService<IAuthDatabase>().OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT protection, private_key FROM signing_keys";
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetFieldValue<byte[]>(1));
    }
}

public sealed class SqliteSigningKeyTests(SqliteDatabaseFixture fixture) : SigningKeyTests<SqliteDatabaseFixture>(fixture);

public sealed class PostgresSigningKeyTests(PostgresDatabaseFixture fixture) : SigningKeyTests<PostgresDatabaseFixture>(fixture);
