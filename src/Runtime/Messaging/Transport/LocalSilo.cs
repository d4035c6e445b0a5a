using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>
/// Owns the silo's listening socket and so its identity: bound on first use to <c>Silo:AdvertisedAddress</c> when
/// that is a loopback address, else to all interfaces, on <c>Silo:Port</c> (0 = a free port).
/// </summary>
internal sealed class LocalSilo : ILocalSiloDetails, ILocalNode, IDisposable
{
    private static long s_lastGeneration;
    private readonly Lazy<(Socket Socket, SiloAddress Address, string Name)> _bound;
    private readonly string _clusterId;

    public LocalSilo(IOptions<SiloOptions> siloOptions, IOptions<MessagingOptions> messagingOptions, TimeProvider timeProvider)
    {
        var options = siloOptions.Value;
        _clusterId = messagingOptions.Value.ClusterId;
        _bound = new Lazy<(Socket, SiloAddress, string)>(() => Bind(options, timeProvider));
    }

    public SiloAddress SiloAddress => _bound.Value.Address;

    public string Name => _bound.Value.Name;

    public NodeIdentity Identity => new(NodeRole.Silo, SiloAddress, Name);

    public string ClusterId => _clusterId;

    /// <summary>The bound (not yet listening) socket.</summary>
    public Socket Socket => _bound.Value.Socket;

    public bool IsBound => _bound.IsValueCreated;

    public void Dispose()
    {
        if (_bound.IsValueCreated)
        {
            _bound.Value.Socket.Dispose();
        }
    }

    private static (Socket, SiloAddress, string) Bind(SiloOptions options, TimeProvider timeProvider)
    {
        var listenAddress = IPAddress.TryParse(options.AdvertisedAddress, out var ip) && IPAddress.IsLoopback(ip) ? ip : IPAddress.Any;
        var socket = new Socket(listenAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(listenAddress, options.Port));
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            throw new InvalidOperationException($"Cannot listen on {listenAddress}:{options.Port} (Silo:Port): {exception.Message}", exception);
        }

        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var address = new SiloAddress(options.AdvertisedAddress, port, NextGeneration(timeProvider));
        return (socket, address, options.Name ?? $"{Dns.GetHostName()}:{port}");
    }

    // Unique within the process even when silos start in the same millisecond or share a fake clock (tests).
    private static long NextGeneration(TimeProvider timeProvider)
    {
        var candidate = SiloAddress.NewGeneration(timeProvider);
        while (true)
        {
            var last = Volatile.Read(ref s_lastGeneration);
            var next = Math.Max(candidate, last + 1);
            if (Interlocked.CompareExchange(ref s_lastGeneration, next, last) == last)
            {
                return next;
            }
        }
    }
}
