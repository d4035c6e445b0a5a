using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansAuth.Runtime.Activation;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Statistics;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>
/// What a silo does with the messages it receives: grain requests go to the catalog (with the ordinary turn
/// semantics) unless the silo is not active or the placement check says another silo owns the grain; probes and statistics requests are
/// answered on the spot; membership notices go to the <see cref="IMembershipChangeListener"/>s.
/// </summary>
internal sealed partial class SiloMessageHandler : IInboundMessageHandler
{
    /// <summary>A request is forwarded at most this many times (DESIGN.md §1); after that a non-owner answers "moved".</summary>
    public const int MaxForwardCount = 2;

    private readonly Catalog _catalog;
    private ISiloStatusProvider? _status;
    private readonly GrainCodecCache _codecs;
    private readonly ILocalSiloDetails _local;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly SiloRuntimeReporter _reporter;
    private IGrainPlacementCheck? _placement;
    private IRemoteGrainInvoker? _forwarder;
    private IMembershipChangeListener[]? _listeners;
    private volatile bool _resolved;

    public SiloMessageHandler(Catalog catalog, GrainCodecCache codecs, ILocalSiloDetails local, IServiceProvider services, SiloRuntimeReporter reporter, TimeProvider timeProvider, ILogger<SiloMessageHandler> logger)
    {
        _reporter = reporter;
        _catalog = catalog;
        _codecs = codecs;
        _local = local;
        _services = services;
        _logger = logger;
        Context = new InboundCallContext(timeProvider);
    }

    public InboundCallContext Context { get; }

    public void OnMessage(Connection connection, in MessageHeader header, ReadOnlySequence<byte> body)
    {
        ResolveServices();
        switch (header.Control)
        {
            case ControlOperation.Probe when header.Direction == MessageDirection.Request:
                OnProbe(connection, header.CorrelationId, body);
                break;
            case ControlOperation.MembershipChanged when header.Direction == MessageDirection.OneWay:
                OnMembershipChanged(connection, body);
                break;
            case ControlOperation.Statistics when header.Direction == MessageDirection.Request:
                OnStatistics(connection, header.CorrelationId);
                break;
            case ControlOperation.Cancel when header.Direction == MessageDirection.OneWay:
                connection.CancelReceived(header.CorrelationId);
                break;
            case ControlOperation.None when header.Direction == MessageDirection.Request:
                OnGrainRequest(connection, header, body);
                break;
            default:
                throw new MalformedMessageException($"{header.Direction} {header.Control} is not a valid message.");
        }
    }

    private void OnGrainRequest(Connection connection, in MessageHeader header, ReadOnlySequence<byte> body)
    {
        if (!GrainInterfaceRegistry.TryGetMethod(header.MethodId, out var method))
        {
            Refuse(connection, header, ResponseStatus.Error, new NotSupportedException(
                $"Silo {_local.SiloAddress} does not know grain method {header.MethodId:x16}; it does not host that interface, or a different version of it."));
            return;
        }

        if (header.TimeToLiveMs == 0)
        {
            Refuse(connection, header, ResponseStatus.Timeout, new GrainCallTimeoutException($"{method} to {header.Target} arrived after its time to live."));
            return;
        }

        // Before the status check: a silo that is leaving (or not yet Active) still hands calls on to the owner.
        SiloAddress? forwardTo = null;
        if (_placement?.Check(header.Target, header.ForwardCount) is { IsLocal: false } decision)
        {
            if (decision.Owner is not { } owner || header.ForwardCount >= MaxForwardCount || owner == _local.SiloAddress || _forwarder is null)
            {
                connection.Send(new StatusResponse(header.CorrelationId, ResponseStatus.NotOwner,
                    new GrainMovedException($"Silo {_local.SiloAddress} does not own {header.Target}.", decision.Owner), decision.Owner));
                return;
            }

            forwardTo = owner;
        }
        else if (_status!.Status != SiloStatus.Active)
        {
            Refuse(connection, header, ResponseStatus.Unavailable, new SiloUnavailableException(
                $"Silo {_local.SiloAddress} is {_status.Status}; {method} to {header.Target} was not executed."));
            return;
        }

        MethodCodec codec;
        GrainRequest request;
        try
        {
            codec = _codecs.Get(method);
            var reader = new Utf8JsonReader(body);
            request = codec.Codec.ReadArguments(ref reader);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            Log.UnreadableArguments(_logger, exception, method.ToString(), connection.Remote);
            Refuse(connection, header, ResponseStatus.Error, new ArgumentException($"The arguments of {method} could not be read: {exception.Message}"));
            return;
        }

        var call = codec.CreateInboundCall(connection, header, request, Context);
        if (forwardTo is { } target)
        {
            Log.Forwarding(_logger, method.ToString(), header.Target, target, header.ForwardCount + 1);
            call.Forward(_forwarder!, target);
            return;
        }

        _catalog.Dispatch(call);
    }

    private void OnProbe(Connection connection, ulong correlationId, ReadOnlySequence<byte> body)
    {
        var reader = new WireReader(body.ToArray());
        var expected = MessageHeader.ReadSiloAddress(ref reader);
        reader.EnsureEnd();
        var self = _local.SiloAddress;
        connection.Send(expected == self
            ? new StatusResponse(correlationId, ResponseStatus.Ok)
            : new StatusResponse(correlationId, ResponseStatus.Unavailable, new SiloUnavailableException($"This is {self}, not {expected}.")));
    }

    private void OnStatistics(Connection connection, ulong correlationId)
    {
        // Off the read loop: reading the process's CPU and memory goes to the operating system.
        ThreadPool.UnsafeQueueUserWorkItem(
            static state => state.Connection.Send(new StatisticsResponse(state.CorrelationId, state.Handler._reporter.Take(state.Handler._local.SiloAddress.ToString(), state.Handler._local.Name))),
            (Handler: this, Connection: connection, CorrelationId: correlationId),
            preferLocal: false);
    }

    private void OnMembershipChanged(Connection connection, ReadOnlySequence<byte> body)
    {
        var reader = new WireReader(body.ToArray());
        var version = reader.ReadInt64();
        reader.EnsureEnd();
        if (connection.Remote.Silo is not { } sender)
        {
            // Clients read membership; they do not announce it.
            return;
        }

        foreach (var listener in _listeners!)
        {
            try
            {
                listener.OnMembershipChanged(sender, version);
            }
            catch (Exception exception)
            {
                Log.ListenerFailed(_logger, exception, sender, version);
            }
        }
    }

    private static void Refuse(Connection connection, in MessageHeader header, ResponseStatus status, Exception error)
        => connection.Send(new StatusResponse(header.CorrelationId, status, error));

    // Resolved on first message, not in the constructor: membership (which also provides the silo status) depends on
    // the control channel, which depends on the transport, which would otherwise depend on membership. That cycle
    // hangs the host's start.
    private void ResolveServices()
    {
        if (_resolved)
        {
            return;
        }

        _status = _services.GetRequiredService<ISiloStatusProvider>();
        _placement = _services.GetService<IGrainPlacementCheck>();
        _forwarder = _services.GetService<IRemoteGrainInvoker>();
        _listeners = [.. _services.GetServices<IMembershipChangeListener>()];
        _resolved = true;
    }

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Warning, "Arguments of {Method} from {Remote} could not be read")]
        public static partial void UnreadableArguments(ILogger logger, Exception exception, string method, NodeIdentity remote);

        [LoggerMessage(32, LogLevel.Debug, "Forwarding {Method} to {GrainId} to its owner {Owner} (hop {Hop})")]
        public static partial void Forwarding(ILogger logger, string method, GrainId grainId, SiloAddress owner, int hop);

        [LoggerMessage(31, LogLevel.Warning, "A membership listener failed on the notice from {Sender} (table version {Version})")]
        public static partial void ListenerFailed(ILogger logger, Exception exception, SiloAddress sender, long version);
    }
}
