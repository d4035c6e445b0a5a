using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAuth.Hosting.Events;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Tests.Infrastructure;

namespace OrleansAuth.Hosting.Tests.Events;

/// <summary>
/// A host like a silo's as far as events go: grain storage on the test database (schema migrated at start) and the
/// event dispatcher, configured through the real <c>Events:*</c> keys, on a shared fake or the system clock.
/// </summary>
internal sealed class DeliveryHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private DeliveryHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainStateStore Storage => Services.GetRequiredService<IGrainStateStore>();

    public IGrainEventStore Events => Services.GetRequiredService<IGrainEventStore>();

    public EventDispatcher Dispatcher => Services.GetRequiredService<EventDispatcher>();

    public IMeterFactory MeterFactory => Services.GetRequiredService<IMeterFactory>();

    public static IHost Build(string provider, string connectionString, IDictionary<string, string?> events, TimeProvider? time = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["ConnectionStrings:AuthDb"] = connectionString,
        };
        foreach (var (key, value) in events)
        {
            settings["Events:" + key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddKeyedSingleton(ServiceClock.Key, time ?? TimeProvider.System);
        builder.Services.AddGrainStorage(configuration);
        builder.Services.AddEventDelivery(configuration);
        return builder.Build();
    }

    public static async Task<DeliveryHost> StartAsync(string provider, string connectionString, IDictionary<string, string?> events, TimeProvider? time = null)
    {
        var host = Build(provider, connectionString, events, time);
        await host.StartAsync();
        return new DeliveryHost(host);
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }

    /// <summary>Records <paramref name="count"/> events for <paramref name="grainKey"/>, one state write each, data <c>{grain, n, ...extra}</c>.</summary>
    public async Task<IReadOnlyList<GrainEvent>> RecordAsync(string grainKey, int count, DateTimeOffset at, string extraMembers = "")
    {
        var grainId = new GrainRowKey("user", grainKey);
        var version = (await Storage.ReadAsync(grainId, "user", CancellationToken.None))?.Version ?? 0;
        var events = new List<GrainEvent>();
        for (var n = 1; n <= count; n++)
        {
            var grainEvent = new GrainEvent(Guid.NewGuid(), "test.happened", at, $"{{\"grain\":\"{grainKey}\",\"n\":{n}{extraMembers}}}");
            version = await Storage.WriteAsync(grainId, "user", "{}"u8.ToArray(), version, [grainEvent], CancellationToken.None);
            events.Add(grainEvent);
        }

        return events;
    }
}

/// <summary>Moves a fake clock forward in steps, each once every given dispatcher waits (on that clock) for its next pass.</summary>
internal static class FakeClock
{
    public static async Task StepAsync(this FakeTimeProvider time, TimeSpan step, params DeliveryHost[] hosts)
    {
        await Wait.UntilAsync(
            () => hosts.All(host => host.Dispatcher.IsWaiting) && time.ActiveTimerCount >= hosts.Length,
            "the dispatchers wait for their next pass");
        time.Advance(step);
    }

    /// <summary>Steps until <paramref name="condition"/> holds, at most <paramref name="maxSteps"/> times.</summary>
    public static async Task StepUntilAsync(this FakeTimeProvider time, TimeSpan step, Func<bool> condition, string what, int maxSteps, params DeliveryHost[] hosts)
    {
        for (var i = 0; !condition(); i++)
        {
            Assert.True(i < maxSteps, $"{what} did not happen within {maxSteps} steps of {step}.");
            await time.StepAsync(step, hosts);
        }
    }
}
