using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansAuth.Runtime.Messaging;

namespace OrleansAuth.Runtime.Activation;

/// <summary>
/// One activation of one grain: its instance, its mailbox and its turn scheduling. A request holds its turn until
/// its task completes (awaits included), so requests never interleave — except read-only requests, which may run
/// together when no writer runs, and always-interleave requests. The mailbox is FIFO and bounded.
/// </summary>
internal sealed partial class ActivationData : IGrainContext
{
    private readonly Lock _lock = new();
    private readonly Queue<Message> _mailbox = new();
    private readonly ActivationServices _services;
    private readonly GrainClassInfo _class;
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ActivationStatus _status = ActivationStatus.Created;
    private Grain? _grain;
    private int _runningReaders;
    private int _runningInterleaved;
    private bool _writerRunning;
    private DeactivationReason? _pendingDeactivation;
    private List<Message>? _heldForNextActivation;
    private long _lastActiveTimestamp;

    public ActivationData(GrainId grainId, GrainClassInfo grainClass, ActivationServices services)
    {
        GrainId = grainId;
        _class = grainClass;
        _services = services;
        _lastActiveTimestamp = services.TimeProvider.GetTimestamp();
    }

    public GrainId GrainId { get; }

    public IGrainFactory GrainFactory => _services.GrainFactory;

    public string GrainType => _class.GrainType;

    /// <summary>Completes once the activation has been deactivated and removed from the catalog.</summary>
    public Task Deactivated => _deactivated.Task;

    internal ActivationStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>True once a deactivation was requested (it may still wait for running turns).</summary>
    internal bool IsDeactivating
    {
        get
        {
            lock (_lock)
            {
                return _pendingDeactivation is not null || _status is ActivationStatus.Deactivating or ActivationStatus.Invalid;
            }
        }
    }

    /// <summary>Requests waiting in the mailbox (not yet started).</summary>
    internal int QueuedCount
    {
        get
        {
            lock (_lock)
            {
                return _mailbox.Count;
            }
        }
    }

    public void DeactivateOnIdle() => StartDeactivation(DeactivationReason.ApplicationRequested);

    /// <summary>
    /// Queues <paramref name="message"/>. False when this activation is already gone, in which case the caller must
    /// route the message again. A full mailbox rejects the message at once.
    /// </summary>
    public bool TryEnqueue(Message message)
    {
        var start = false;
        Message? interleaved = null;
        lock (_lock)
        {
            switch (_status)
            {
                case ActivationStatus.Invalid:
                    return false;
                case ActivationStatus.Deactivating:
                    (_heldForNextActivation ??= []).Add(message);
                    return true;
                case ActivationStatus.Valid when message.Request.Method.AlwaysInterleave:
                    _runningInterleaved++;
                    interleaved = message;
                    break;
                default:
                    if (_mailbox.Count >= _services.Options.MaxEnqueuedRequests)
                    {
                        message.Reject(new GrainOverloadedException(
                            $"Grain {GrainId} has {_mailbox.Count} requests waiting; {message.Request.Method} was rejected."));
                        return true;
                    }

                    _mailbox.Enqueue(message);
                    if (_status == ActivationStatus.Created)
                    {
                        _status = ActivationStatus.Activating;
                        start = true;
                    }
                    else
                    {
                        PumpLocked();
                    }

                    break;
            }
        }

        if (interleaved is not null)
        {
            Schedule(interleaved, TurnKind.Interleaved);
        }
        else if (start)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static self => _ = self.ActivateAsync(), this, preferLocal: false);
        }

        return true;
    }

    /// <summary>Deactivates once the running requests have finished; waiting requests go to the next activation.</summary>
    public void StartDeactivation(DeactivationReason reason)
    {
        lock (_lock)
        {
            if (_status is ActivationStatus.Deactivating or ActivationStatus.Invalid)
            {
                return;
            }

            _pendingDeactivation ??= reason;
            if (_status == ActivationStatus.Valid)
            {
                PumpLocked();
            }
            else if (_status == ActivationStatus.Created)
            {
                // Never started: nothing to run, nothing to write.
                _status = ActivationStatus.Deactivating;
                ThreadPool.UnsafeQueueUserWorkItem(static self => self.CompleteDeactivation(), this, preferLocal: false);
            }
        }
    }

    /// <summary>
    /// Drops this activation at once, as a killed process would lose it: no <c>OnDeactivateAsync</c>, no state write,
    /// waiting requests fail with <see cref="SiloUnavailableException"/>. Turns already running cannot be stopped;
    /// they finish, but nothing runs after them.
    /// </summary>
    public void Abandon(Exception reason)
    {
        List<Message> dropped;
        lock (_lock)
        {
            if (_status == ActivationStatus.Invalid)
            {
                return;
            }

            _status = ActivationStatus.Invalid;
            dropped = [.. _mailbox];
            _mailbox.Clear();
            if (_heldForNextActivation is not null)
            {
                dropped.AddRange(_heldForNextActivation);
                _heldForNextActivation = null;
            }
        }

        foreach (var message in dropped)
        {
            message.Reject(reason);
        }

        _services.Catalog.OnDeactivated(this, held: null);
        _deactivated.TrySetResult();
    }

    /// <summary>True when nothing runs or waits and the last request ended at least <paramref name="age"/> ago.</summary>
    public bool IsIdleFor(TimeSpan age)
    {
        lock (_lock)
        {
            return _status == ActivationStatus.Valid
                && _mailbox.Count == 0
                && _runningReaders == 0 && _runningInterleaved == 0 && !_writerRunning
                && _services.TimeProvider.GetElapsedTime(_lastActiveTimestamp) >= age;
        }
    }

    private void PumpLocked()
    {
        if (_pendingDeactivation is not null)
        {
            // No new turns once deactivation is pending: what waits goes to the next activation.
            TryBeginDeactivationLocked();
            return;
        }

        while (_status == ActivationStatus.Valid && !_writerRunning && _mailbox.TryPeek(out var next))
        {
            if (next.IsExpired)
            {
                // The caller already got its timeout or cancellation; running it now would surprise everyone.
                _mailbox.Dequeue();
                continue;
            }

            var method = next.Request.Method;
            if (method.IsReadOnly || method.AlwaysInterleave)
            {
                _mailbox.Dequeue();
                if (method.AlwaysInterleave)
                {
                    _runningInterleaved++;
                    Schedule(next, TurnKind.Interleaved);
                }
                else
                {
                    _runningReaders++;
                    Schedule(next, TurnKind.Reader);
                }

                continue;
            }

            if (_runningReaders > 0)
            {
                break;
            }

            _mailbox.Dequeue();
            _writerRunning = true;
            Schedule(next, TurnKind.Writer);
        }
    }

    private void Schedule(Message message, TurnKind kind)
        => ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Self.RunTurnAsync(s.Message, s.Kind), (Self: this, Message: message, Kind: kind), preferLocal: false);

    private async Task RunTurnAsync(Message message, TurnKind kind)
    {
        using var turn = EnterTurn(message.RequestContext);
        Exception? failure = null;
        var started = Stopwatch.GetTimestamp();
        var executed = !message.IsExpired;
        try
        {
            if (executed)
            {
                failure = await message.ExecuteAsync(_grain!).ConfigureAwait(false);
            }
        }
        finally
        {
            if (executed)
            {
                _services.Statistics.RecordCall(message.Request.Method, Stopwatch.GetElapsedTime(started), failure is not null);
            }

            if (failure is not null && IsInconsistentState(failure))
            {
                Log.InconsistentState(_services.Logger, GrainId, message.Request.Method.MethodName);
                StartDeactivation(DeactivationReason.InconsistentState);
            }

            OnTurnCompleted(kind);
        }
    }

    private void OnTurnCompleted(TurnKind kind)
    {
        lock (_lock)
        {
            switch (kind)
            {
                case TurnKind.Writer:
                    _writerRunning = false;
                    break;
                case TurnKind.Reader:
                    _runningReaders--;
                    break;
                default:
                    _runningInterleaved--;
                    break;
            }

            _lastActiveTimestamp = _services.TimeProvider.GetTimestamp();
            if (_status == ActivationStatus.Valid)
            {
                PumpLocked();
            }
        }
    }

    private async Task ActivateAsync()
    {
        RequestContextData? context;
        lock (_lock)
        {
            context = _mailbox.TryPeek(out var first) ? first.RequestContext : null;
        }

        using var turn = EnterTurn(context);
        try
        {
            var states = new object[_class.States.Count];
            for (var i = 0; i < states.Length; i++)
            {
                var state = _class.States[i].Create(GrainId, _services.Storage, _services.Serializer);
                await state.ReadStateAsync(_services.ShutdownToken).ConfigureAwait(false);
                states[i] = state;
            }

            var grain = _class.Create(_services.ServiceProvider, states);
            grain.Attach(this);
            _grain = grain;
            await grain.OnActivateAsync(_services.ShutdownToken).ConfigureAwait(false);
            _services.Statistics.OnActivated(_class.GrainType);
            Log.Activated(_services.Logger, GrainId);
        }
        catch (Exception exception)
        {
            Log.ActivationFailed(_services.Logger, exception, GrainId);
            Message[] waiting;
            lock (_lock)
            {
                _grain = null;
                _status = ActivationStatus.Deactivating;
                _pendingDeactivation = DeactivationReason.ActivationFailed;
                waiting = [.. _mailbox];
                _mailbox.Clear();
            }

            foreach (var message in waiting)
            {
                message.Reject(exception);
            }

            CompleteDeactivation();
            return;
        }

        lock (_lock)
        {
            if (_status != ActivationStatus.Activating)
            {
                // Abandoned while activating (the silo was killed): it never serves.
                return;
            }

            _status = ActivationStatus.Valid;
            _lastActiveTimestamp = _services.TimeProvider.GetTimestamp();
            PumpLocked();
        }
    }

    private void TryBeginDeactivationLocked()
    {
        if (_writerRunning || _runningReaders > 0 || _runningInterleaved > 0)
        {
            return;
        }

        _status = ActivationStatus.Deactivating;
        if (_mailbox.Count > 0)
        {
            (_heldForNextActivation ??= []).AddRange(_mailbox);
            _mailbox.Clear();
        }

        ThreadPool.UnsafeQueueUserWorkItem(static self => _ = self.DeactivateAsync(), this, preferLocal: false);
    }

    private async Task DeactivateAsync()
    {
        var reason = _pendingDeactivation ?? DeactivationReason.ApplicationRequested;
        using (EnterTurn(null))
        {
            try
            {
                using var timeout = new CancellationTokenSource(_services.Options.DeactivationTimeout, _services.TimeProvider);
                await _grain!.OnDeactivateAsync(reason, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                Log.DeactivationFailed(_services.Logger, exception, GrainId, reason);
            }
        }

        if (_grain is not null)
        {
            _services.Statistics.OnDeactivated(_class.GrainType);
        }

        Log.Deactivated(_services.Logger, GrainId, reason);
        CompleteDeactivation();
    }

    private void CompleteDeactivation()
    {
        List<Message>? held;
        lock (_lock)
        {
            _status = ActivationStatus.Invalid;
            held = _heldForNextActivation;
            _heldForNextActivation = null;
        }

        _services.Catalog.OnDeactivated(this, held);
        _deactivated.TrySetResult();
    }

    private TurnScope EnterTurn(RequestContextData? context)
    {
        RequestContext.Data = context;
        if (context is null)
        {
            return default;
        }

        Activity? activity = null;
        if (context.Get(RequestContext.TraceParentKey) is { } traceParent)
        {
            activity = new Activity("OrleansAuth.GrainCall");
            activity.SetParentId(traceParent);
            activity.Start();
        }

        return new TurnScope(_services.Logger.BeginScope(context), activity);
    }

    private static bool IsInconsistentState(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is InconsistentStateException)
            {
                return true;
            }
        }

        return false;
    }

    private enum TurnKind
    {
        Writer,
        Reader,
        Interleaved,
    }

    private readonly struct TurnScope(IDisposable? logScope, Activity? activity) : IDisposable
    {
        public void Dispose()
        {
            activity?.Stop();
            logScope?.Dispose();
            RequestContext.Data = null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Activated {GrainId}")]
        public static partial void Activated(ILogger logger, GrainId grainId);

        [LoggerMessage(2, LogLevel.Warning, "Activation of {GrainId} failed")]
        public static partial void ActivationFailed(ILogger logger, Exception exception, GrainId grainId);

        [LoggerMessage(3, LogLevel.Debug, "Deactivated {GrainId} ({Reason})")]
        public static partial void Deactivated(ILogger logger, GrainId grainId, DeactivationReason reason);

        [LoggerMessage(4, LogLevel.Warning, "OnDeactivateAsync of {GrainId} failed ({Reason})")]
        public static partial void DeactivationFailed(ILogger logger, Exception exception, GrainId grainId, DeactivationReason reason);

        [LoggerMessage(5, LogLevel.Warning, "{GrainId} lost a write race in {Method}; the activation is dropped and the next call re-reads its state")]
        public static partial void InconsistentState(ILogger logger, GrainId grainId, string method);
    }
}
