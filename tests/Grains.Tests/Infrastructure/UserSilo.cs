using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Hosting;
using OrleansAuth.Hosting.Silo;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Tests.Infrastructure;

namespace OrleansAuth.Grains.Tests.Infrastructure;

/// <summary>A real silo host (grain runtime, SQL storage, user grains) on a test database and a manual clock.</summary>
public sealed class UserSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private UserSilo(IHost host, FakeTimeProvider time)
    {
        _host = host;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _host.Services;

    public IGrainEventStore Events => Services.GetRequiredService<IGrainEventStore>();

    public IGrainStateStore Storage => Services.GetRequiredService<IGrainStateStore>();

    public static async Task<UserSilo> StartAsync(
        DatabasesFixture databases,
        string provider,
        FakeTimeProvider? time = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["ConnectionStrings:AuthDb"] = databases.ConnectionString(provider),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        time ??= new FakeTimeProvider();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSilo(builder.Configuration);
        builder.Services.AddUserGrains(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new UserSilo(host, time);
    }

    /// <summary>The grain of <paramref name="email"/> after normalization, as the API would address it.</summary>
    public IUserGrain User(string email) =>
        Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(EmailAddress.TryNormalize(email, out var key) ? key : throw new ArgumentException("Not an email.", nameof(email)));

    /// <summary>Event types recorded for <paramref name="email"/>'s grain, in order.</summary>
    public async Task<List<StoredGrainEvent>> EventsOfAsync(string email)
    {
        EmailAddress.TryNormalize(email, out var key);
        return [.. await Events.ReadGrainAsync(new GrainRowKey("user", key!), CancellationToken.None)];
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
