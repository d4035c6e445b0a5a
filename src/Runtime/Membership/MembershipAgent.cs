using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Activation;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Membership.Table;

namespace OrleansAuth.Runtime.Membership;

/// <summary>
/// This silo's part in the membership protocol, tied to the host's lifecycle.
/// <list type="bullet">
/// <item>Started (after every service, the transport's listener included, has started): write itself Joining, probe
/// every Active silo, then write itself Active; start heartbeats, failure detection and defunct-row cleanup. A silo
/// that cannot reach the cluster fails its start.</item>
/// <item>Stopping (before any service stops): write ShuttingDown, so the others stop routing to it.</item>
/// <item>Stop: stop the grain runtime (running turns finish, activations write their state), then write Dead.</item>
/// <item>At any time, a view in which this silo is Dead stops it at once: no more grain calls, and the host stops.</item>
/// </list>
/// </summary>
internal sealed class MembershipAgent : IHostedLifecycleService, IDisposable
{
    private readonly ClusterMembershipService _view;
    private readonly MembershipTableManager _manager;
    private readonly ClusterHealthMonitor _monitor;
    private readonly IMembershipTable _table;
    private readonly ILocalSiloDetails _localSilo;
    private readonly GrainRuntimeHostedService _runtime;
    private readonly Catalog _catalog;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ClusterMembershipOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MembershipAgent> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly LocalMembershipState _state;
    private long _joinVersion = long.MaxValue;
    private volatile bool _leaving;
    private int _disposed;

    public MembershipAgent(
        ClusterMembershipService view,
        MembershipTableManager manager,
        ClusterHealthMonitor monitor,
        IMembershipTable table,
        ILocalSiloDetails localSilo,
        LocalMembershipState state,
        GrainRuntimeHostedService runtime,
        Catalog catalog,
        IHostApplicationLifetime lifetime,
        IOptions<ClusterMembershipOptions> options,
        TimeProvider timeProvider,
        ILogger<MembershipAgent> logger)
    {
        _view = view;
        _manager = manager;
        _monitor = monitor;
        _table = table;
        _localSilo = localSilo;
        _state = state;
        _runtime = runtime;
        _catalog = catalog;
        _lifetime = lifetime;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _view.SnapshotPublished += OnSnapshotPublished;
    }

    /// <summary>This silo's status as it last wrote or read it; null before it has joined.</summary>
    public MembershipStatus? LocalStatus => _state.Status;

    /// <summary>Set once this silo has seen itself Dead in the table while it was not leaving.</summary>
    public bool DeclaredDead => _state.DeclaredDead;

    internal ClusterHealthMonitor Monitor => _monitor;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var self = _localSilo.SiloAddress;
        var startTime = _timeProvider.GetUtcNow();
        if (!await _manager.InsertSelfAsync(startTime, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"The membership table already has a row for silo {self}; a silo identity is used by one process only once.");
        }

        Interlocked.Exchange(ref _joinVersion, _view.CurrentSnapshot.Version);
        SetStatus(MembershipStatus.Joining);
        await DeclareOlderGenerationsDeadAsync(self, cancellationToken).ConfigureAwait(false);
        await CheckConnectivityAsync(self, cancellationToken).ConfigureAwait(false);

        var status = await _manager.SetSelfStatusAsync(MembershipStatus.Active, cancellationToken).ConfigureAwait(false);
        if (status != MembershipStatus.Active)
        {
            throw new InvalidOperationException($"Silo {self} was declared {status?.ToString() ?? "missing"} while it joined the cluster.");
        }

        SetStatus(MembershipStatus.Active);
        var stopping = _stopping.Token;
        _loops.Add(_monitor.RunAsync(stopping));
        _loops.Add(RunPeriodicallyAsync(_options.IAmAliveInterval, "heartbeat", HeartbeatAsync, stopping));
        _loops.Add(RunPeriodicallyAsync(_options.DefunctSiloCleanupInterval, "defunct row cleanup", CleanUpDefunctAsync, stopping));
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _leaving = true;
        if (LocalStatus is MembershipStatus.Joining or MembershipStatus.Active)
        {
            await LeaveStepAsync(MembershipStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _leaving = true;
        await StopLoopsAsync().ConfigureAwait(false);

        // The runtime's stop is shared by every caller, so this waits for the same stop the host runs later: activations
        // have written their state before this silo is Dead and its grains are placed elsewhere.
        await _runtime.StopAsync(cancellationToken).ConfigureAwait(false);
        if (LocalStatus is not null and not MembershipStatus.Dead)
        {
            await LeaveStepAsync(MembershipStatus.Dead, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Stops taking part at once without writing anything, as a killed process would (for in-process test clusters
    /// that simulate a crash): no more probes, votes or heartbeats, no leave, no reaction to being declared Dead.
    /// </summary>
    internal Task AbortAsync()
    {
        _leaving = true;
        SetStatus(MembershipStatus.Dead);
        return StopLoopsAsync();
    }

    // The container disposes it twice: as itself and as the hosted service resolved from it.
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _view.SnapshotPublished -= OnSnapshotPublished;
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task DeclareOlderGenerationsDeadAsync(SiloAddress self, CancellationToken cancellationToken)
    {
        // This process holds the endpoint now, so an older generation on it is certainly gone; no need to wait for votes.
        foreach (var old in _view.CurrentSnapshot.Members.Values.Where(m =>
            m.Status != MembershipStatus.Dead && m.Address.IsSameEndpoint(self) && m.Address.Generation < self.Generation))
        {
            _logger.DeclaringOlderGenerationDead(old.Address);
            await _manager.DeclareDeadAsync(old.Address, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CheckConnectivityAsync(SiloAddress self, CancellationToken cancellationToken)
    {
        var deadline = _timeProvider.GetUtcNow() + _options.MaxJoinAttemptTime;
        while (true)
        {
            var snapshot = await _view.RefreshAsync(0, cancellationToken).ConfigureAwait(false);
            if (snapshot.GetStatus(self) is not MembershipStatus.Joining)
            {
                throw new InvalidOperationException($"Silo {self} was declared {snapshot.GetStatus(self)?.ToString() ?? "missing"} while it joined the cluster.");
            }

            // A member that stopped heartbeating is not waited for: it is gone or about to be voted Dead.
            var now = _timeProvider.GetUtcNow();
            var members = snapshot.ActiveMembers
                .Where(m => m.Address != self && now - m.IAmAliveTime <= _options.AllowedIAmAliveMissPeriod)
                .Select(m => m.Address)
                .ToList();
            var results = await Task.WhenAll(members.Select(member => _monitor.TryProbeAsync(member, cancellationToken))).ConfigureAwait(false);
            var unreachable = members.Where((_, i) => results[i] is not null).ToList();
            if (unreachable.Count == 0)
            {
                return;
            }

            var lastError = results.LastOrDefault(e => e is not null);
            if (_timeProvider.GetUtcNow() >= deadline)
            {
                await LeaveStepAsync(MembershipStatus.Dead, cancellationToken).ConfigureAwait(false);
                SetStatus(MembershipStatus.Dead);
                throw ClusterConnectivityException.Unreachable(self, unreachable, _options.MaxJoinAttemptTime, lastError);
            }

            _logger.JoinProbeFailed(lastError, self, string.Join(", ", unreachable), deadline);
            await Task.Delay(_options.ProbeInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task LeaveStepAsync(MembershipStatus status, CancellationToken cancellationToken)
    {
        try
        {
            var after = await _manager.SetSelfStatusAsync(status, cancellationToken).ConfigureAwait(false);
            if (after is { } written)
            {
                SetStatus(written);
            }

            // Let the others hear it now rather than at their next refresh; bounded by the notification timeout.
            await _manager.LastNotification.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Leaving must not hang or fail the host's stop on a database outage: the others vote this silo out instead.
            _logger.LeaveWriteFailed(exception, _localSilo.SiloAddress, status);
        }
    }

    private async Task StopLoopsAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    private async Task RunPeriodicallyAsync(TimeSpan period, string operation, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await work(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    _logger.PeriodicWorkFailed(exception, operation);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        if (!await _table.UpdateIAmAliveAsync(_localSilo.SiloAddress, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            // The row is Dead or gone: read the table, which stops this silo through the view.
            await _view.RefreshAsync(0, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CleanUpDefunctAsync(CancellationToken cancellationToken)
    {
        var cutoff = _timeProvider.GetUtcNow() - _options.DefunctSiloCleanupAge;
        var deleted = await _table.DeleteDefunctAsync(cutoff, cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            _logger.DefunctRowsDeleted(deleted, cutoff);
            await _view.RefreshAsync(0, cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnSnapshotPublished(ClusterMembershipSnapshot snapshot)
    {
        if (_leaving || DeclaredDead || LocalStatus is null)
        {
            return;
        }

        var status = snapshot.GetStatus(_localSilo.SiloAddress);
        if (status is { } current && current != MembershipStatus.Dead)
        {
            return;
        }

        // Missing from a view newer than the one that had it also means Dead: only Dead rows are ever deleted.
        if (status is null && snapshot.Version <= Interlocked.Read(ref _joinVersion))
        {
            return;
        }

        if (!_state.TryDeclareDead())
        {
            return;
        }

        _logger.FoundSelfDead(_localSilo.SiloAddress, snapshot.Version);

        // At once, on this thread: the others already place this silo's grains elsewhere, so it must not run another call.
        _catalog.StopAccepting();
        _ = Task.Run(async () =>
        {
            await StopLoopsAsync().ConfigureAwait(false);
            _lifetime.StopApplication();
        });
    }

    private void SetStatus(MembershipStatus status) => _state.Set(status);
}
