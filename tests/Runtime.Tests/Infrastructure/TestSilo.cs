using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAuth.Runtime.Activation;
using OrleansAuth.Runtime.Hosting;
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
            .AddGrain<IContextGrain, ContextGrain>();
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
        _host.Dispose();
    }
}
