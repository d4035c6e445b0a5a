using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Hosting;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Tests.Infrastructure;

namespace OrleansAuth.Grains.Tests.Infrastructure;

/// <summary>
/// An Orleans <see cref="InProcessTestCluster"/> of one silo with the service's SQL grain storage on a test database,
/// the user grains and a manual clock; grain calls go through the cluster's client, so every argument and result
/// crosses Orleans serialization as it would between an API node and a silo.
/// </summary>
public sealed class UserSilo : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private UserSilo(InProcessTestCluster cluster, FakeTimeProvider time)
    {
        _cluster = cluster;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _cluster.GetSiloServiceProvider();

    public IGrainEventStore Events => Services.GetRequiredService<IGrainEventStore>();

    public IGrainStateStore Storage => Services.GetRequiredService<IGrainStateStore>();

    public IGrainFactory Grains => _cluster.Client;

    public static async Task<UserSilo> StartAsync(
        DatabasesFixture databases,
        string provider,
        FakeTimeProvider? time = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["ConnectionStrings:AuthDb"] = databases.ConnectionString(provider),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        time ??= new FakeTimeProvider();
        var clock = time;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(configuration);
            host.Services.AddKeyedSingleton<TimeProvider>(ServiceClock.Key, clock);
            host.Services.AddGrainStorage(host.Configuration);
            host.Services.AddUserGrains(host.Configuration);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new UserSilo(cluster, time);
    }

    /// <summary>The grain of <paramref name="email"/> after normalization, as the API would address it.</summary>
    public IUserGrain User(string email) =>
        Grains.GetGrain<IUserGrain>(EmailAddress.TryNormalize(email, out var key) ? key : throw new ArgumentException("Not an email.", nameof(email)));

    /// <summary>Event types recorded for <paramref name="email"/>'s grain, in order.</summary>
    public async Task<List<StoredGrainEvent>> EventsOfAsync(string email)
    {
        EmailAddress.TryNormalize(email, out var key);
        return [.. await Events.ReadGrainAsync(new GrainRowKey("user", key!), CancellationToken.None)];
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();
}
