using OrleansAuth.Runtime.Tests.Grains;
using OrleansAuth.Runtime.Tests.Infrastructure;

namespace OrleansAuth.Runtime.Tests.Activation;

public sealed class RequestContextTests
{
    [Fact]
    public async Task Invoke_CallerSetsCorrelationId_GrainSeesItAndItsLogLinesCarryIt()
    {
        await using var silo = await TestSilo.StartAsync();
        RequestContext.Set(RequestContext.CorrelationIdKey, "req-42");
        try
        {
            var seen = await silo.Grains.GetGrain<IContextGrain>("a").LogAndGetCorrelationId("hello");

            Assert.Equal("req-42", seen);
            var line = Assert.Single(silo.Logs.Entries, e => e.Message == "inside grain: hello");
            Assert.Equal("req-42", line.Scope[RequestContext.CorrelationIdKey]);
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    [Fact]
    public async Task Invoke_GrainCallsAnotherGrain_ContextFlowsToTheSecondGrain()
    {
        await using var silo = await TestSilo.StartAsync();
        RequestContext.Set(RequestContext.CorrelationIdKey, "req-chain");
        try
        {
            var seen = await silo.Grains.GetGrain<IContextGrain>("first").AskOther("second", "nested");

            Assert.Equal("req-chain", seen);
            Assert.Equal("req-chain", Assert.Single(silo.Logs.Entries, e => e.Message == "inside grain: nested").Scope[RequestContext.CorrelationIdKey]);
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    [Fact]
    public async Task Invoke_CallWithoutContext_DoesNotSeeAnEarlierCallersContext()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IContextGrain>("isolated");
        RequestContext.Set(RequestContext.CorrelationIdKey, "earlier");
        await grain.LogAndGetCorrelationId("first");
        RequestContext.Clear();

        Assert.Null(await grain.LogAndGetCorrelationId("second"));
    }
}
