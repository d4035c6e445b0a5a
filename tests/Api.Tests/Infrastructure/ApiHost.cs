using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrleansAuth.Api.Tests.Infrastructure;

/// <summary>The real API application on a real Kestrel socket (127.0.0.1, free port), configured per test.</summary>
public sealed class ApiHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public ApiHost(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        // An explicit port-0 URL rather than UseKestrel(0), whose address rewrite can race the server start.
        UseKestrel();
    }

    public static ApiHost Sqlite(string connectionString, params (string Key, string? Value)[] extra)
        => new(Settings(("Storage:Provider", "sqlite"), ("ConnectionStrings:AuthDb", connectionString)).With(extra));

    public static ApiHost Postgres(string connectionString, params (string Key, string? Value)[] extra)
        => new(Settings(("Storage:Provider", "postgres"), ("ConnectionStrings:AuthDb", connectionString)).With(extra));

    public HttpClient CreateRealClient()
    {
        StartServer();
        return CreateClient();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("urls", "http://127.0.0.1:0");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private static Dictionary<string, string?> Settings(params (string Key, string? Value)[] pairs)
        => pairs.ToDictionary(p => p.Key, p => p.Value);
}
