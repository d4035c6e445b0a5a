using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAuth.Runtime.Activation;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Messaging;
using OrleansAuth.Runtime.Messaging.Transport;
using OrleansAuth.Runtime.Tests.Grains;

namespace OrleansAuth.Runtime.Tests.Infrastructure;

/// <summary>A real silo host in this process with the test grains registered.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public TurnLog Log => Services.GetRequiredService<TurnLog>();

    public CapturingLoggerProvider Logs => Services.GetRequiredService<CapturingLoggerProvider>();

    internal Catalog Catalog => Services.GetRequiredService<Catalog>();

    internal ActivationCollector Collector => Services.GetRequiredService<ActivationCollector>();

    /// <summary>This silo's network identity (only with the transport).</summary>
    internal SiloAddress Address => Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    internal ConnectionManager Connections => Services.GetRequiredService<ConnectionManager>();

    internal ISiloControlChannel Control => Services.GetRequiredService<ISiloControlChannel>();

    /// <summary>References whose calls go over TCP to <paramref name="silo"/>.</summary>
    internal IGrainFactory GrainsOn(SiloAddress silo) => Services.GetRequiredService<IRemoteGrainFactory>().ForSilo(silo);

    /// <summary>A silo with the TCP transport on 127.0.0.1 and a free port.</summary>
    public static Task<TestSilo> StartNetworkedAsync(
        Action<GrainRuntimeOptions>? options = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? configure = null,
        Action<MessagingOptions>? messaging = null,
        int port = 0)
        => StartAsync(options, time, services =>
        {
            services.Configure<SiloOptions>(o =>
            {
                o.Port = port;
                o.AdvertisedAddress = "127.0.0.1";
            });
            services.AddSiloTransport(messaging);
            configure?.Invoke(services);
        });

    /// <summary>Drops the silo like a killed process: sockets closed at once, no graceful stop, nothing drained.</summary>
    internal async Task KillAsync()
    {
        _stopped = true;
        await Services.GetRequiredService<SiloListener>().DisposeAsync();
        await Connections.DisposeAsync();
    }

    public static async Task<TestSilo> StartAsync(
        Action<GrainRuntimeOptions>? options = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? configure = null,
        TurnLog? log = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var logs = new CapturingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton(logs);
        builder.Services.AddSingleton(log ?? new TurnLog());
        builder.Services.AddGrainRuntime(options);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services
            .AddGrain<ITurnGrain, TurnGrain>()
            .AddGrain<ICounterGrain, CounterGrain>()
            .AddGrain<IContextGrain, ContextGrain>()
            .AddGrain<IEchoGrain, EchoGrain>()
            .AddGrainSerializerContext(TestGrainsJsonContext.Default);
        configure?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    /// <summary>Graceful stop: running turns finish, activations deactivate.</summary>
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
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
