using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Infrastructure;

/// <summary>The real API application on a real Kestrel socket (127.0.0.1, free port), configured per test.</summary>
public sealed class ApiHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    public ApiHost(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        _settings = settings;
        _configureServices = configureServices;
        // An explicit port-0 URL rather than UseKestrel(0), whose address rewrite can race the server start.
        UseKestrel();
    }

    public static ApiHost Sqlite(string connectionString, params (string Key, string? Value)[] extra)
        => new(Settings(("Storage:Provider", "sqlite"), ("ConnectionStrings:AuthDb", connectionString)).With(extra));

    public static ApiHost Postgres(string connectionString, params (string Key, string? Value)[] extra)
        => new(Settings(("Storage:Provider", "postgres"), ("ConnectionStrings:AuthDb", connectionString)).With(extra));

    /// <summary>A host on the fixture's database (SQLite or PostgreSQL), with services replaced by <paramref name="configureServices"/>.</summary>
    public static ApiHost For(IDatabaseFixture database, string connectionString, Action<IServiceCollection>? configureServices, params (string Key, string? Value)[] extra)
    {
        var provider = database is PostgresDatabaseFixture ? "postgres" : "sqlite";
        return new(Settings(("Storage:Provider", provider), ("ConnectionStrings:AuthDb", connectionString)).With(extra), configureServices);
    }

    public static ApiHost For(IDatabaseFixture database, params (string Key, string? Value)[] extra)
        => For(database, database.ConnectionString, null, extra);

    public HttpClient CreateRealClient()
    {
        StartServer();
        return CreateClient();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("urls", "http://127.0.0.1:0");
        // Orleans listeners use SO_REUSEPORT: two hosts on one silo port would not fail but take each other's traffic.
        builder.UseSetting("Silo:Port", "0");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_configureServices is not null)
        {
            builder.ConfigureTestServices(_configureServices);
        }
    }

    private static Dictionary<string, string?> Settings(params (string Key, string? Value)[] pairs)
        => pairs.ToDictionary(p => p.Key, p => p.Value);
}
