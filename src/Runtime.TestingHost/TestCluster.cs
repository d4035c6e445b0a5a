using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAuth.Runtime.Activation;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Messaging.Transport;

namespace OrleansAuth.Runtime.TestingHost;

/// <summary>
/// A cluster of real silos in this process (after Orleans' TestCluster): each is a full host (grain runtime, storage,
/// TCP transport on a loopback port, membership, placement) sharing one database. Silos can be added, stopped in
/// order, killed abruptly and restarted as a new generation. Share one across a test collection with
/// <c>ICollectionFixture</c>; dispose it to stop every silo.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly Action<IServiceCollection>[] _siloConfigurators;
    private readonly List<SiloHandle> _silos = [];
    private readonly List<Task> _selfStops = [];
    private readonly Lock _lock = new();
    private int _nextInstance;
    private int _nextSilo;
    private int _nextEntry;

    internal TestCluster(TestClusterOptions options, Action<IServiceCollection>[] siloConfigurators)
    {
        Options = options;
        _siloConfigurators = siloConfigurators;
    }

    public TestClusterOptions Options { get; }

    /// <summary>The running silos, oldest first.</summary>
    public IReadOnlyList<SiloHandle> Silos
    {
        get
        {
            lock (_lock)
            {
                return [.. _silos];
            }
        }
    }

    /// <summary>The oldest running silo.</summary>
    public SiloHandle Primary => Silos.FirstOrDefault() ?? throw new InvalidOperationException("No silo of the test cluster is running.");

    /// <summary>
    /// A grain factory for callers outside the cluster. Each call enters through one of the running silos (taken in
    /// turn) and is routed to the grain's owner from there.
    /// </summary>
    public IGrainFactory GrainFactory => new RoundRobinGrainFactory(this);

    /// <summary>Starts <see cref="TestClusterOptions.InitialSilosCount"/> silos, one after the other, and waits until they all see each other.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < Options.InitialSilosCount; i++)
        {
            await StartAdditionalSiloAsync(cancellationToken).ConfigureAwait(false);
        }

        await WaitForLivenessToStabilizeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts one more silo on a free loopback port; returns once it is an Active member.</summary>
    public Task<SiloHandle> StartAdditionalSiloAsync(CancellationToken cancellationToken = default)
    {
        var number = Interlocked.Increment(ref _nextSilo);
        return StartSiloAsync($"{Options.SiloNamePrefix}{number}", port: 0, cancellationToken);
    }

    /// <summary>Graceful stop: ShuttingDown, running turns finish, activations write and deactivate, then Dead.</summary>
    public async Task StopSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!Remove(silo))
        {
            return;
        }

        try
        {
            await silo.Host.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            silo.Host.Dispose();
        }
    }

    /// <summary>
    /// Abrupt stop, as if the process died: no goodbye. Its listener and every connection drop at once, it stops
    /// probing, voting and heartbeating, its activations vanish without deactivating (nothing more is written), and its
    /// membership row stays Active until the others vote it Dead.
    /// </summary>
    public async Task KillSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!Remove(silo))
        {
            return;
        }

        var services = silo.Services;
        await services.GetRequiredService<MembershipAgent>().AbortAsync().ConfigureAwait(false);
        services.GetRequiredService<Catalog>().Abandon();
        services.GetRequiredService<LocalSilo>().Dispose();
        foreach (var connection in services.GetRequiredService<ConnectionManager>().Connections)
        {
            connection.Close(null);
        }

        // What is left (timers, the view's refresh loop) is released; membership writes nothing after the abort.
        try
        {
            await silo.Host.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            silo.Host.Dispose();
        }
    }

    /// <summary>
    /// Cuts <paramref name="silo"/> off from the other silos, as in a network partition: its listener and connections
    /// close and it can open no new ones, but it keeps running and still reaches the database. The others vote it Dead;
    /// once it reads that, it stops itself (and leaves <see cref="Silos"/>).
    /// </summary>
    public async Task IsolateSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.GetRequiredService<LocalSilo>().Dispose();
        await silo.Services.GetRequiredService<ConnectionManager>().DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stops <paramref name="silo"/> gracefully if it still runs, then starts a new process of it on the same port and
    /// name: a new generation, hence a new identity.
    /// </summary>
    public async Task<SiloHandle> RestartSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await StopSiloAsync(silo, cancellationToken).ConfigureAwait(false);
        return await StartSiloAsync(silo.Name, silo.SiloAddress.Port, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until every running silo's membership view lists exactly the running silos as Active (stopped and killed
    /// ones Dead, nobody joining or leaving) at the same table version.
    /// </summary>
    public async Task WaitForLivenessToStabilizeAsync(CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + Options.LivenessTimeout;
        while (!IsStable(out var description))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Cluster membership did not stabilize within {Options.LivenessTimeout}: {description}");
            }

            // Real time on purpose: the silos run on the system clock.
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops every running silo gracefully, all at once, and waits for silos that stopped themselves.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Silos.Select(silo => StopSiloAsync(silo))).ConfigureAwait(false);
        Task[] selfStops;
        lock (_lock)
        {
            selfStops = [.. _selfStops];
        }

        await Task.WhenAll(selfStops).ConfigureAwait(false);
    }

    private bool IsStable(out string description)
    {
        var silos = Silos;
        var running = silos.Select(silo => silo.SiloAddress).ToHashSet();
        long? version = null;
        foreach (var silo in silos)
        {
            var view = silo.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot;
            var active = view.ActiveMembers.Select(member => member.Address).ToHashSet();
            var notDead = view.Members.Values.Where(member => member.Status != MembershipStatus.Dead).Select(member => member.Address);
            if (!active.SetEquals(running) || !running.SetEquals(notDead) || (version is { } seen && seen != view.Version))
            {
                description = $"{silo.Name} sees {view}; running: {string.Join(", ", running)}";
                return false;
            }

            version = view.Version;
        }

        description = string.Empty;
        return true;
    }

    private async Task<SiloHandle> StartSiloAsync(string name, int port, CancellationToken cancellationToken)
    {
        var instance = Interlocked.Increment(ref _nextInstance);

        // A restarted silo binds the port its predecessor just released; give the socket layer a moment if it is slow to.
        for (var attempt = 1; ; attempt++)
        {
            var host = BuildHost(name, port);
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
                var silo = new SiloHandle(host, name, instance);
                lock (_lock)
                {
                    _silos.Add(silo);
                }

                // A silo that stops itself (it found itself Dead) is stopped as its process would be.
                host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => OnSelfStop(silo));
                return silo;
            }
            catch (InvalidOperationException exception) when (port != 0 && attempt < 50 && exception.Message.Contains("Silo:Port", StringComparison.Ordinal))
            {
                host.Dispose();
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }
    }

    private IHost BuildHost(string name, int port)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = name });
        var settings = new Dictionary<string, string?>(Options.Configuration, StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:Provider"] = Options.StorageProvider,
            ["ConnectionStrings:AuthDb"] = Options.ConnectionString,
            ["Cluster:ClusterId"] = Options.ClusterId,
            ["Silo:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Silo:AdvertisedAddress"] = "127.0.0.1",
            ["Silo:Name"] = name,
        };
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddClusterSilo(builder.Configuration);
        foreach (var configure in _siloConfigurators)
        {
            configure(builder.Services);
        }

        return builder.Build();
    }

    private void OnSelfStop(SiloHandle silo)
    {
        lock (_lock)
        {
            if (!silo.IsRunning)
            {
                return;
            }
        }

        // Off the callback's thread: the host's stop must not run inside its own stopping notification.
        var stop = Task.Run(() => StopSiloAsync(silo));
        lock (_lock)
        {
            _selfStops.Add(stop);
        }
    }

    private bool Remove(SiloHandle silo)
    {
        lock (_lock)
        {
            if (!silo.IsRunning)
            {
                return false;
            }

            silo.IsRunning = false;
            _silos.Remove(silo);
            return true;
        }
    }

    private sealed class RoundRobinGrainFactory(TestCluster cluster) : IGrainFactory
    {
        public TGrainInterface GetGrain<TGrainInterface>(string key)
            where TGrainInterface : IGrainWithStringKey
        {
            var silos = cluster.Silos;
            if (silos.Count == 0)
            {
                throw new InvalidOperationException("No silo of the test cluster is running.");
            }

            var index = (int)((uint)Interlocked.Increment(ref cluster._nextEntry) % (uint)silos.Count);
            return silos[index].GrainFactory.GetGrain<TGrainInterface>(key);
        }
    }
}
