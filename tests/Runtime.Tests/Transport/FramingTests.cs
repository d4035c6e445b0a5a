using System.Text;
using OrleansAuth.Runtime.Messaging.Transport;
using OrleansAuth.Runtime.Tests.Grains;
using OrleansAuth.Runtime.Tests.Infrastructure;

namespace OrleansAuth.Runtime.Tests.Transport;

/// <summary>Hostile or broken bytes close the connection they came on; the silo keeps serving everyone else.</summary>
public sealed class FramingTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private TestSilo _silo = null!;
    private TestSilo _caller = null!;

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartNetworkedAsync(messaging: o => o.MaxMessageSize = 64 * 1024);
        _caller = await TestSilo.StartNetworkedAsync();
    }

    public async Task DisposeAsync()
    {
        await _caller.DisposeAsync();
        await _silo.DisposeAsync();
    }

    [Fact]
    public async Task Connect_GarbageInsteadOfHandshake_ConnectionClosedSiloStillServes()
    {
        await using var peer = await RawPeer.ConnectAsync(_silo.Address);

        await peer.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: silo\r\n\r\n"));

        Assert.True(await peer.WaitForCloseAsync(Wait));
        await AssertSiloServesAsync();
    }

    [Fact]
    public async Task Connect_HandshakeLengthHuge_ConnectionClosed()
    {
        await using var peer = await RawPeer.ConnectAsync(_silo.Address);

        await peer.SendAsync([0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3, 4]);

        Assert.True(await peer.WaitForCloseAsync(Wait));
        await AssertSiloServesAsync();
    }

    [Fact]
    public async Task Connect_WrongCluster_RefusedInHandshake()
    {
        var (peer, reply) = await RawPeer.ConnectAsClientAsync(_silo.Address, clusterId: "other-cluster");
        await using (peer)
        {
            Assert.Equal(Handshake.Result.WrongCluster, reply.Result);
            Assert.True(await peer.WaitForCloseAsync(Wait));
        }
    }

    [Fact]
    public async Task Frame_BodyLongerThanLimit_ConnectionClosedBeforeReadingIt()
    {
        var (peer, reply) = await RawPeer.ConnectAsClientAsync(_silo.Address);
        await using (peer)
        {
            Assert.Equal(Handshake.Result.Accepted, reply.Result);

            // Only the prefix is sent: the silo must refuse on the declared length, not wait for 64 KiB + 1.
            var prefix = RawPeer.Frame(new byte[10], [])[..8];
            BitConverter.TryWriteBytes(prefix.AsSpan(4), (64 * 1024) + 1);
            await peer.SendAsync(prefix);

            Assert.True(await peer.WaitForCloseAsync(Wait));
        }

        await AssertSiloServesAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1 << 30)]
    public async Task Frame_HeaderLengthOutOfRange_ConnectionClosed(int headerLength)
    {
        var (peer, _) = await RawPeer.ConnectAsClientAsync(_silo.Address);
        await using (peer)
        {
            var prefix = new byte[8];
            BitConverter.TryWriteBytes(prefix, headerLength);
            await peer.SendAsync(prefix);

            Assert.True(await peer.WaitForCloseAsync(Wait));
        }

        await AssertSiloServesAsync();
    }

    [Theory]
    [InlineData(new byte[] { 9, 0, 1 })]
    [InlineData(new byte[] { 1, 0x80, 1 })]
    [InlineData(new byte[] { 1, 0, 1, 200, 1, 0 })]
    [InlineData(new byte[] { 1, 1, 1, 99 })]
    public async Task Frame_MalformedHeader_ConnectionClosed(byte[] header)
    {
        var (peer, _) = await RawPeer.ConnectAsClientAsync(_silo.Address);
        await using (peer)
        {
            await peer.SendAsync(RawPeer.Frame(header, []));

            Assert.True(await peer.WaitForCloseAsync(Wait));
        }

        await AssertSiloServesAsync();
    }

    [Fact]
    public async Task Frame_TruncatedThenPeerHangsUp_SiloStillServes()
    {
        var (peer, _) = await RawPeer.ConnectAsClientAsync(_silo.Address);
        var frame = RawPeer.Frame(EchoHeader(correlationId: 1), Encoding.UTF8.GetBytes("""[{"id":1,"text":"t","tags":[],"sentAt":"2026-01-01T00:00:00+00:00"}]"""));
        await peer.SendAsync(frame[..(frame.Length / 2)]);
        await peer.DisposeAsync();

        await AssertSiloServesAsync();
    }

    [Fact]
    public async Task Frame_ArgumentsNotValidJson_ErrorResponseAndConnectionStaysUsable()
    {
        var (peer, _) = await RawPeer.ConnectAsClientAsync(_silo.Address);
        await using (peer)
        {
            await peer.SendAsync(RawPeer.Frame(EchoHeader(correlationId: 7), Encoding.UTF8.GetBytes("[{\"id\": tru")));
            var bad = await peer.ReadFrameAsync(Wait);

            Assert.NotNull(bad);
            Assert.Equal(MessageDirection.Response, bad.Value.Header.Direction);
            Assert.Equal(7UL, bad.Value.Header.CorrelationId);
            Assert.Equal(ResponseStatus.Error, bad.Value.Header.Status);
            var error = Assert.IsType<RemoteGrainException>(WireErrors.ReadError(bad.Value.Body));
            Assert.Equal(typeof(ArgumentException).FullName, error.RemoteTypeName);

            await peer.SendAsync(RawPeer.Frame(EchoHeader(correlationId: 8), Encoding.UTF8.GetBytes("""[{"Id":5,"Text":"ok","Tags":["x"],"SentAt":"2026-01-01T00:00:00+00:00"}]""")));
            var good = await peer.ReadFrameAsync(Wait);

            Assert.NotNull(good);
            Assert.Equal(8UL, good.Value.Header.CorrelationId);
            Assert.Equal(ResponseStatus.Ok, good.Value.Header.Status);
            Assert.Contains("\"Id\":5", Encoding.UTF8.GetString(good.Value.Body));
        }
    }

    [Fact]
    public async Task Frame_UnknownMethodId_ErrorResponseNamingTheId()
    {
        var (peer, _) = await RawPeer.ConnectAsClientAsync(_silo.Address);
        await using (peer)
        {
            await peer.SendAsync(RawPeer.Frame(Header(3, new GrainId("echo", "e"), methodId: 0xDEADBEEFUL), []));
            var response = await peer.ReadFrameAsync(Wait);

            Assert.NotNull(response);
            Assert.Equal(ResponseStatus.Error, response.Value.Header.Status);
            Assert.Contains("00000000deadbeef", WireErrors.ReadError(response.Value.Body).Message);
        }
    }

    [Fact]
    public async Task Response_GarbageFromPeer_CallerFailsWithSiloUnavailable()
    {
        await using var liar = SilentSilo.Start(respondWith: [1, 0, 0, 0, 0, 0, 0, 0, 0xEE]);

        var call = _caller.GrainsOn(liar.Address).GetGrain<ITurnGrain>("x").Ping();

        await Assert.ThrowsAsync<SiloUnavailableException>(() => call.WaitAsync(Wait));
    }

    private async Task AssertSiloServesAsync()
        => Assert.Equal("pong:alive", await _caller.GrainsOn(_silo.Address).GetGrain<ITurnGrain>("alive").Ping().WaitAsync(Wait));

    private static byte[] EchoHeader(ulong correlationId) => Header(correlationId, new GrainId("echo", "raw"), IEchoGrain_Echo_Request.Descriptor.WireId);

    private static byte[] Header(ulong correlationId, GrainId target, ulong methodId)
    {
        using var buffer = new BatchBuffer();
        MessageHeader.WriteGrainRequest(new WireWriter(buffer), MessageDirection.Request, correlationId, target, methodId, 30_000, 0, null);
        return buffer.WrittenMemory.ToArray();
    }
}
