using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Storage.Migrations;
using OrleansAuth.Hosting.Storage.Postgres;
using OrleansAuth.Hosting.Storage.Sqlite;

namespace OrleansAuth.Hosting.Tests.Storage;

public sealed class GrainStorageServiceCollectionExtensionsTests(SqliteDatabaseFixture fixture) : IClassFixture<SqliteDatabaseFixture>
{
    [Fact]
    public void AddGrainStorage_EmptyConfiguration_UsesDocumentedDefaults()
    {
        using var provider = new ServiceCollection().AddGrainStorage(Configuration()).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;

        Assert.Equal(("sqlite", "Data Source=data/auth.db", "dev"), (options.Provider, options.ConnectionString, options.ClusterId));
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)), (options.ConnectTimeout, options.CommandTimeout, options.HealthCheckTimeout));
        Assert.Equal((0.5, 5, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)), (options.BreakerFailureRatio, options.BreakerMinimumThroughput, options.BreakerSamplingDuration, options.BreakerBreakDuration));
    }

    [Fact]
    public void AddGrainStorage_TimeoutAndBreakerKeys_AreBoundFromTheStorageSection()
    {
        var configuration = Configuration(
            ("Storage:ConnectTimeout", "00:00:03"),
            ("Storage:CommandTimeout", "00:00:07"),
            ("Storage:HealthCheckTimeout", "00:00:00.500"),
            ("Storage:BreakerFailureRatio", "0.25"),
            ("Storage:BreakerMinimumThroughput", "8"),
            ("Storage:BreakerSamplingDuration", "00:00:20"),
            ("Storage:BreakerBreakDuration", "00:00:02"));
        using var provider = new ServiceCollection().AddGrainStorage(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;

        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(7), TimeSpan.FromMilliseconds(500)), (options.ConnectTimeout, options.CommandTimeout, options.HealthCheckTimeout));
        Assert.Equal((0.25, 8, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(2)), (options.BreakerFailureRatio, options.BreakerMinimumThroughput, options.BreakerSamplingDuration, options.BreakerBreakDuration));
    }

    [Fact]
    public void AddGrainStorage_Configuration_BindsDocumentedKeys()
    {
        var configuration = Configuration(
            ("Storage:Provider", "postgres"),
            ("ConnectionStrings:AuthDb", "Host=127.0.0.1;Port=1;Username=x;Database=y"),
            ("Cluster:ClusterId", "blue"));
        using var provider = new ServiceCollection().AddGrainStorage(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;

        Assert.Equal(("postgres", "blue"), (options.Provider, options.ClusterId));
        Assert.IsType<PostgresGrainStorage>(Assert.IsType<ResilientGrainStorage>(provider.GetRequiredService<IGrainStateStore>()).Inner);
    }

    [Theory]
    [InlineData("Storage:Provider", "x", "Storage:Provider must be 'sqlite' or 'postgres' (was 'x')")]
    [InlineData("ConnectionStrings:AuthDb", "", "ConnectionStrings:AuthDb must not be empty")]
    [InlineData("ConnectionStrings:AuthDb", "Nonsense Keyword=1", "ConnectionStrings:AuthDb is not a valid sqlite connection string")]
    [InlineData("Cluster:ClusterId", " ", "Cluster:ClusterId must not be empty")]
    [InlineData("Storage:ConnectTimeout", "00:00:01.500", "Storage:ConnectTimeout must be a whole number of seconds from 1 to 60")]
    [InlineData("Storage:ConnectTimeout", "00:00:00", "Storage:ConnectTimeout must be a whole number of seconds from 1 to 60")]
    [InlineData("Storage:CommandTimeout", "00:11:00", "Storage:CommandTimeout must be a whole number of seconds from 1 to 600")]
    [InlineData("Storage:HealthCheckTimeout", "00:00:00", "Storage:HealthCheckTimeout must be from")]
    [InlineData("Storage:HealthCheckTimeout", "00:01:00", "Storage:HealthCheckTimeout must be from")]
    [InlineData("Storage:BreakerFailureRatio", "0", "Storage:BreakerFailureRatio must be greater than 0 and at most 1")]
    [InlineData("Storage:BreakerFailureRatio", "1.5", "Storage:BreakerFailureRatio must be greater than 0 and at most 1")]
    [InlineData("Storage:BreakerMinimumThroughput", "1", "Storage:BreakerMinimumThroughput must be at least 2")]
    [InlineData("Storage:BreakerSamplingDuration", "00:00:00.100", "Storage:BreakerSamplingDuration must be from")]
    [InlineData("Storage:BreakerBreakDuration", "00:00:00.100", "Storage:BreakerBreakDuration must be from")]
    public async Task StartAsync_InvalidSetting_FailsNamingTheKey(string key, string value, string expectedMessage)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddGrainStorage(Configuration((key, value)));
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expectedMessage, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGrainStorage_RegisteredTwice_RegistersServicesOnce()
    {
        var services = new ServiceCollection();
        services.AddGrainStorage(Configuration()).AddGrainStorage(Configuration()).UseSqliteGrainStorage(fixture.ConnectionString);
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(IGrainStateStore));
        Assert.Single(services, descriptor => descriptor.ImplementationType == typeof(SchemaMigrationHostedService));
        var registrations = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Single(registrations, registration => registration.Name == "database");
        Assert.Equal(fixture.ConnectionString, provider.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString);
    }

    [Fact]
    public async Task StartAsync_SqliteStorage_MigratesBeforeOtherHostedServicesStart()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var probe = new SchemaProbe(connectionString);
        builder.Services.AddHostedService(_ => probe);
        builder.Services.UseSqliteGrainStorage(connectionString);
        using var host = builder.Build();

        await host.StartAsync();
        var storage = host.Services.GetRequiredService<IGrainStateStore>();
        var version = await storage.WriteAsync(new GrainRowKey("user", "a@example.com"), "state", "{}"u8.ToArray(), 0, CancellationToken.None);
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        await host.StopAsync();

        Assert.True(probe.SawSchema, "A hosted service registered before storage started before the schema existed.");
        Assert.IsType<SqliteGrainStorage>(Assert.IsType<ResilientGrainStorage>(storage).Inner);
        Assert.Equal(1, version);
        Assert.Equal(HealthStatus.Healthy, health.Entries["database"].Status);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
            .Build();

    private sealed class SchemaProbe(string connectionString) : IHostedService
    {
        public bool SawSchema { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'grain_state'";
            SawSchema = (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
