using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Messaging;
using OrleansAuth.Runtime.Statistics;
using OrleansAuth.Runtime.Storage;

namespace OrleansAuth.Runtime.Activation;

/// <summary>
/// The silo's activations by grain id: at most one per id. Routes each message to its activation, creating it on
/// first call, and sends messages held by a finished activation on to its successor. In a cluster it takes a message
/// only for a grain this silo owns in its current view (<see cref="IGrainPlacementCheck"/>); any other message, including
/// one held by an activation that was deactivated because its grain moved, is refused with
/// <see cref="GrainMovedException"/> without running, so its caller sends it to the owner.
/// </summary>
internal sealed class Catalog : IDisposable
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly GrainClassRegistry _classes;
    private readonly ActivationServices _services;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly IServiceProvider _serviceProvider;
    private IGrainPlacementCheck? _placement;
    private volatile bool _placementResolved;
    private volatile bool _stopping;

    public Catalog(
        GrainClassRegistry classes,
        IServiceProvider serviceProvider,
        IOptions<GrainRuntimeOptions> options,
        TimeProvider timeProvider,
        GrainCallStatistics statistics,
        GrainStateSerializer serializer,
        ILoggerFactory loggerFactory)
    {
        _classes = classes;
        _serviceProvider = serviceProvider;
        _services = new ActivationServices(
            this, serviceProvider, options.Value, timeProvider, statistics, serializer, loggerFactory.CreateLogger("OrleansAuth.Runtime.Activation"), _shutdown.Token);
    }

    public int Count => _activations.Count;

    public ICollection<ActivationData> Activations => _activations.Values;

    public void Dispatch(Message message)
    {
        GrainClassInfo grainClass;
        try
        {
            grainClass = _classes.Get(message.Target.Type);
        }
        catch (InvalidOperationException exception)
        {
            message.Reject(exception);
            return;
        }

        var placement = Placement;
        while (true)
        {
            if (placement?.Check(message.Target, 0) is { IsLocal: false } decision)
            {
                message.Reject(new GrainMovedException(
                    $"This silo does not own {message.Target} (owner: {decision.Owner?.ToString() ?? "unknown"}); {message.Request.Method} was not executed.",
                    decision.Owner));
                return;
            }

            if (_stopping)
            {
                message.Reject(new SiloUnavailableException($"The silo is shutting down; {message.Request.Method} to {message.Target} was not executed."));
                return;
            }

            var activation = _activations.GetOrAdd(message.Target, static (id, s) => new ActivationData(id, s.grainClass, s.services), (grainClass, services: _services));
            if (activation.TryEnqueue(message))
            {
                return;
            }

            // It finished deactivating between lookup and enqueue; make sure it is gone, then create its successor.
            _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(message.Target, activation));
        }
    }

    // Resolved on first use: the placement check depends on membership, which depends on the catalog.
    private IGrainPlacementCheck? Placement
    {
        get
        {
            if (!_placementResolved)
            {
                _placement = _serviceProvider.GetService<IGrainPlacementCheck>();
                _placementResolved = true;
            }

            return _placement;
        }
    }

    public ActivationData? Find(GrainId grainId) => _activations.GetValueOrDefault(grainId);

    public void OnDeactivated(ActivationData activation, List<Message>? held)
    {
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
        if (held is null)
        {
            return;
        }

        foreach (var message in held)
        {
            Dispatch(message);
        }
    }

    /// <summary>From now on new calls are refused with <see cref="SiloUnavailableException"/>.</summary>
    public void StopAccepting() => _stopping = true;

    /// <summary>
    /// Simulates the loss of the process (in-process test clusters): refuses every new call and drops every activation
    /// without deactivating it, so nothing more is written.
    /// </summary>
    public void Abandon()
    {
        StopAccepting();
        var reason = new SiloUnavailableException("The silo was killed; the call was not executed.");
        foreach (var activation in _activations.Values)
        {
            activation.Abandon(reason);
        }
    }

    /// <summary>Stops accepting calls, lets running turns finish, and deactivates every activation.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        StopAccepting();
        while (!_activations.IsEmpty)
        {
            var deactivations = new List<Task>();
            foreach (var activation in _activations.Values)
            {
                activation.StartDeactivation(DeactivationReason.ShuttingDown);
                deactivations.Add(activation.Deactivated);
            }

            await Task.WhenAll(deactivations).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stopping = true;
        _shutdown.Dispose();
    }
}
