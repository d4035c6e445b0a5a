using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Hosting;
using OrleansAuth.Hosting.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Infrastructure;

/// <summary>
/// A test class with its own API host per test on the fixture's database, a fake clock (token expiry, lockout and
/// the refresh leeway move only when a test advances it) and rate limiting off.
/// </summary>
public abstract class AuthHostTest<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : class, IDatabaseFixture
{
    protected TFixture Fixture { get; } = fixture;

    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected ApiHost Host { get; private set; } = null!;

    protected AuthApi Api { get; private set; } = null!;

    /// <summary>Settings on top of the defaults, for a whole test class.</summary>
    protected virtual (string Key, string? Value)[] Settings => [];

    public Task InitializeAsync()
    {
        (Host, Api) = Start(Settings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Api.Client.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>Another host on the same database and clock (disposed by the caller).</summary>
    protected (ApiHost Host, AuthApi Api) Start(params (string Key, string? Value)[] settings) => Start(Time, settings);

    /// <summary>Another host on the same database with its own clock, as another machine would have (disposed by the caller).</summary>
    protected (ApiHost Host, AuthApi Api) Start(TimeProvider clock, params (string Key, string? Value)[] settings)
    {
        var host = ApiHost.For(
            Fixture,
            Fixture.ConnectionString,
            services =>
            {
                services.AddKeyedSingleton(ServiceClock.Key, clock);
                ConfigureServices(services);
            },
            [("RateLimiting:Enabled", "false"), .. settings]);
        return (host, new AuthApi(host.CreateRealClient()));
    }

    /// <summary>Services replaced or added for every host of the test class.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
}
