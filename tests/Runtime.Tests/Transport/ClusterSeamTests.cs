using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Messaging;
using OrleansAuth.Runtime.Messaging.Transport;
using OrleansAuth.Runtime.Tests.Grains;
using OrleansAuth.Runtime.Tests.Infrastructure;

namespace OrleansAuth.Runtime.Tests.Transport;

/// <summary>The seams the directory and client mode build on: the placement check and client connections.</summary>
public sealed class ClusterSeamTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Call_PlacementCheckSaysNotOwner_CallerGetsMovedWithOwnerAndNothingRuns()
    {
        var owner = new SiloAddress("127.0.0.1", 1, 1);
        var placement = new KeyPrefixPlacement("moved-", owner);
        await using var caller = await TestSilo.StartNetworkedAsync();
        await using var target = await TestSilo.StartNetworkedAsync(configure: s => s.AddSingleton<IGrainPlacementCheck>(placement));
        var invoker = caller.Services.GetRequiredService<IRemoteGrainInvoker>();

        var moved = await Assert.ThrowsAsync<GrainMovedException>(
            () => invoker.InvokeAsync(target.Address, new GrainId("turn", "moved-1"), new ITurnGrain_Ping_Request(), forwardCount: 2, CancellationToken.None));

        Assert.Equal(owner, moved.Owner);
        Assert.Null(target.Catalog.Find(new GrainId("turn", "moved-1")));
        Assert.Equal(2, placement.Seen[new GrainId("turn", "moved-1")]);
        Assert.Equal("pong:here", await caller.GrainsOn(target.Address).GetGrain<ITurnGrain>("here").Ping());
        Assert.Equal(0, placement.Seen[new GrainId("turn", "here")]);
    }

    [Fact]
    public async Task Call_FromClientProcess_ServedAndSiloSeesAClient()
    {
        await using var silo = await TestSilo.StartNetworkedAsync();
        var services = new ServiceCollection()
            .AddLogging()
            .AddGrainClientTransport("api-1")
            .AddGrainSerializerContext(TestGrainsJsonContext.Default);
        await using var client = services.BuildServiceProvider();
        var grains = client.GetRequiredService<IRemoteGrainFactory>().ForSilo(silo.Address);

        var reply = await grains.GetGrain<IEchoGrain>("from-client").Echo(new EchoRequest(1, "c", [], DateTimeOffset.UnixEpoch));

        Assert.Equal(1, reply.Id);
        var inbound = Assert.Single(silo.Connections.Connections, c => !c.IsOutbound);
        Assert.Equal(NodeRole.Client, inbound.Remote.Role);
        Assert.Equal("api-1", inbound.Remote.Name);
        Assert.Null(inbound.Remote.Silo);
    }

    [Fact]
    public async Task Notify_FromClient_IsNotDeliveredAsMembershipChange()
    {
        var listener = new CountingListener();
        await using var silo = await TestSilo.StartNetworkedAsync(configure: s => s.AddSingleton<IMembershipChangeListener>(listener));
        var (peer, _) = await RawPeer.ConnectAsClientAsync(silo.Address);
        await using (peer)
        {
            using var header = new BatchBuffer();
            MessageHeader.WriteControl(new WireWriter(header), MessageDirection.OneWay, 0, ControlOperation.MembershipChanged);
            await peer.SendAsync(RawPeer.Frame(header.WrittenMemory.ToArray(), new byte[8]));

            // A probe on the same connection is answered after the notice was handled (one read loop, in order).
            using var probeHeader = new BatchBuffer();
            MessageHeader.WriteControl(new WireWriter(probeHeader), MessageDirection.Request, 9, ControlOperation.Probe);
            using var probeBody = new BatchBuffer();
            MessageHeader.WriteSiloAddress(new WireWriter(probeBody), silo.Address);
            await peer.SendAsync(RawPeer.Frame(probeHeader.WrittenMemory.ToArray(), probeBody.WrittenMemory.ToArray()));
            var answer = await peer.ReadFrameAsync(Wait);

            Assert.Equal(ResponseStatus.Ok, answer!.Value.Header.Status);
            Assert.Equal(0, listener.Count);
        }
    }

    private sealed class KeyPrefixPlacement(string prefix, SiloAddress owner) : IGrainPlacementCheck
    {
        public ConcurrentDictionary<GrainId, int> Seen { get; } = new();

        public PlacementDecision Check(GrainId grainId, int forwardCount)
        {
            Seen[grainId] = forwardCount;
            return grainId.Key.StartsWith(prefix, StringComparison.Ordinal) ? PlacementDecision.Moved(owner) : PlacementDecision.Local;
        }
    }

    private sealed class CountingListener : IMembershipChangeListener
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void OnMembershipChanged(SiloAddress sender, long tableVersion) => Interlocked.Increment(ref _count);
    }
}
