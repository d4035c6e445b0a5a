using System.Collections.Immutable;
using OrleansAuth.Runtime.Tests.Grains;
using OrleansAuth.Runtime.Tests.Infrastructure;

namespace OrleansAuth.Runtime.Tests.Transport;

public sealed class SiloToSiloCallTests : IAsyncLifetime
{
    private TestSilo _caller = null!;
    private TestSilo _target = null!;

    public async Task InitializeAsync()
    {
        _caller = await TestSilo.StartNetworkedAsync();
        _target = await TestSilo.StartNetworkedAsync();
    }

    public async Task DisposeAsync()
    {
        await _caller.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task Call_GrainOnOtherSilo_RunsThereAndReturnsResult()
    {
        var grain = _caller.GrainsOn(_target.Address).GetGrain<ITurnGrain>("remote");

        var reply = await grain.Ping();

        Assert.Equal("pong:remote", reply);
        Assert.NotNull(_target.Catalog.Find(new GrainId("turn", "remote")));
        Assert.Null(_caller.Catalog.Find(new GrainId("turn", "remote")));
    }

    [Fact]
    public async Task Call_RecordArgumentAndResult_RoundTripThroughGeneratedCodecs()
    {
        var sentAt = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.FromHours(2));
        var grain = _caller.GrainsOn(_target.Address).GetGrain<IEchoGrain>("e");

        var reply = await grain.Echo(new EchoRequest(7, "héllo \"wire\"", ["a", "b", "c"], sentAt));

        Assert.Equal(new EchoReply(7, "héllo \"wire\"", 3, _target.Address.ToString()), reply);
    }

    [Fact]
    public async Task Call_NullableArgumentAndResult_CarryNull()
    {
        var grain = _caller.GrainsOn(_target.Address).GetGrain<IEchoGrain>("n");

        Assert.Null(await grain.Maybe(null));
        Assert.Equal("x!", await grain.Maybe("x"));
    }

    [Fact]
    public async Task Call_VoidMethod_CompletesOnlyWhenRemoteTurnEnds()
    {
        var grain = _caller.GrainsOn(_target.Address).GetGrain<ITurnGrain>("void");

        var call = grain.HoldUntilOpened("void-gate", CancellationToken.None);
        await _target.Log.WhenRecorded("entered:void-gate").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(call.IsCompleted);
        _target.Log.Open("void-gate");

        await call.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("left:void-gate", _target.Log.Events);
    }

    [Fact]
    public async Task Call_GrainThrows_CallerGetsRemoteExceptionWithTypeAndMessageOnly()
    {
        var grain = _caller.GrainsOn(_target.Address).GetGrain<ITurnGrain>("thrower");

        var exception = await Assert.ThrowsAsync<RemoteGrainException>(() => grain.Fail("boom at the far end"));

        Assert.Equal("System.InvalidOperationException", exception.RemoteTypeName);
        Assert.Equal("boom at the far end", exception.Message);
        Assert.Null(exception.InnerException);
        Assert.DoesNotContain("TurnGrain", exception.ToString());
    }

    [Fact]
    public async Task Call_GrainThrowsInconsistentState_CallerGetsSameTypeWithVersions()
    {
        var grain = _caller.GrainsOn(_target.Address).GetGrain<IEchoGrain>("stale");

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(grain.ThrowInconsistent);

        Assert.Equal("stale", exception.Message);
        Assert.Equal(3, exception.ExpectedVersion);
        Assert.Equal(5, exception.StoredVersion);
    }

    [Fact]
    public async Task Call_RequestContextSet_FlowsIntoRemoteTurnAndItsLogScope()
    {
        var grain = _caller.GrainsOn(_target.Address).GetGrain<IContextGrain>("ctx");
        RequestContext.Set(RequestContext.CorrelationIdKey, "req-remote-1");
        RequestContext.Set(RequestContext.TraceParentKey, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        try
        {
            var seen = await grain.LogAndGetCorrelationId("over the wire");

            Assert.Equal("req-remote-1", seen);
            var line = Assert.Single(_target.Logs.Entries, e => e.Message == "inside grain: over the wire");
            Assert.Equal("req-remote-1", line.Scope[RequestContext.CorrelationIdKey]);
            Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", line.Scope[RequestContext.TraceParentKey]);
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    [Fact]
    public async Task Call_ArgumentTypeWithoutJsonMetadata_FailsWithMessageNamingTheType()
    {
        var grain = _caller.GrainsOn(_target.Address).GetGrain<IEchoGrain>("unknown");

        var exception = await Assert.ThrowsAsync<NotSupportedException>(() => grain.Unknown(new Unregistered("v")));

        Assert.Contains(nameof(Unregistered), exception.Message);
        Assert.Contains("AddGrainSerializerContext", exception.Message);
    }

    [Fact]
    public async Task Call_ManyConcurrentCallsOverOneConnection_EachGetsItsOwnResponse()
    {
        var factory = _caller.GrainsOn(_target.Address);
        var calls = Enumerable.Range(0, 2_000).Select(i =>
            factory.GetGrain<IEchoGrain>($"k{i % 37}").Echo(new EchoRequest(i, $"text-{i}", ImmutableArray.Create(new string('t', i % 5)), DateTimeOffset.UnixEpoch))).ToArray();

        var replies = await Task.WhenAll(calls);

        for (var i = 0; i < replies.Length; i++)
        {
            Assert.Equal(i, replies[i].Id);
            Assert.Equal($"text-{i}", replies[i].Text);
        }

        Assert.Single(_caller.Connections.Connections, c => c.IsOutbound);
    }
}
