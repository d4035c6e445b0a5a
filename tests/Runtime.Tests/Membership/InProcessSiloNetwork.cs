using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Statistics;

namespace OrleansAuth.Runtime.Tests.Membership;

/// <summary>
/// Delivers control messages between silos of one test process without sockets, so that failure-detection tests can
/// run on a <see cref="Infrastructure.FakeTimeProvider"/> and cut a silo off at a precise moment. It keeps the contract
/// of <see cref="ISiloControlChannel"/>: a probe succeeds only if that exact identity is listening and reachable. A
/// silo listens from its host's start to its stop, like the transport's listener. The same protocol runs over the
/// real TCP transport in the end-to-end tests.
/// </summary>
internal sealed class InProcessSiloNetwork
{
    private readonly ConcurrentDictionary<SiloAddress, IMembershipChangeListener> _listening = new();
    private readonly ConcurrentDictionary<SiloAddress, bool> _cutOff = new();
    private readonly ConcurrentDictionary<SiloAddress, SiloRuntimeReporter> _reporters = new();

    /// <summary>
    /// Registers this network as the silo's control channel, and the silo's identity from <see cref="SiloOptions"/>
    /// (as the transport would); call before AddClusterMembership.
    /// </summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ILocalSiloDetails>(provider => new Identity(
            provider.GetRequiredService<IOptions<SiloOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISiloControlChannel>(provider => new Channel(this, provider.GetRequiredService<ILocalSiloDetails>()));
        services.AddHostedService(provider => new Listener(
            this, provider.GetRequiredService<ILocalSiloDetails>(), provider.GetRequiredService<IMembershipChangeListener>(),
            provider.GetRequiredService<SiloRuntimeReporter>()));
    }

    /// <summary>Cuts <paramref name="silo"/> off in both directions, as if its host lost the network (it keeps running).</summary>
    public void CutOff(SiloAddress silo) => _cutOff[silo] = true;

    private bool Reachable(SiloAddress from, SiloAddress to) => !_cutOff.ContainsKey(from) && !_cutOff.ContainsKey(to) && _listening.ContainsKey(to);

    private sealed class Channel(InProcessSiloNetwork network, ILocalSiloDetails self) : ISiloControlChannel
    {
        public Task ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return network.Reachable(self.SiloAddress, target) ? Task.CompletedTask : Task.FromException(Refused(target));
        }

        public Task NotifyMembershipChangedAsync(SiloAddress target, long tableVersion, CancellationToken cancellationToken)
        {
            if (!network.Reachable(self.SiloAddress, target) || !network._listening.TryGetValue(target, out var listener))
            {
                return Task.FromException(Refused(target));
            }

            listener.OnMembershipChanged(self.SiloAddress, tableVersion);
            return Task.CompletedTask;
        }

        public Task<SiloRuntimeReport> GetStatisticsAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return network.Reachable(self.SiloAddress, target) && network._reporters.TryGetValue(target, out var reporter)
                ? Task.FromResult(reporter.Take(target.ToString(), target.ToString()))
                : Task.FromException<SiloRuntimeReport>(Refused(target));
        }

        private static IOException Refused(SiloAddress target) =>
            new($"{target} is not reachable.", new SocketException((int)SocketError.ConnectionRefused));
    }

    private sealed class Identity(SiloOptions options, TimeProvider timeProvider) : ILocalSiloDetails
    {
        public SiloAddress SiloAddress { get; } = new(options.AdvertisedAddress, options.Port, SiloAddress.NewGeneration(timeProvider));

        public string Name { get; } = options.Name ?? $"silo-{options.Port}";
    }

    private sealed class Listener(InProcessSiloNetwork network, ILocalSiloDetails self, IMembershipChangeListener listener, SiloRuntimeReporter reporter) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            network._reporters[self.SiloAddress] = reporter;
            network._listening[self.SiloAddress] = listener;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            network._listening.TryRemove(self.SiloAddress, out _);
            network._reporters.TryRemove(self.SiloAddress, out _);
            return Task.CompletedTask;
        }
    }
}
