using OrleansAuth.Runtime.CodeGen.Tests.Grains;

namespace OrleansAuth.Runtime.CodeGen.Tests;

/// <summary>Drives the code generated for the test grain interfaces compiled into this project.</summary>
public sealed class GeneratedReferenceTests
{
    private readonly RecordingInvoker _invoker = new();

    [Fact]
    public void GetGrainType_InterfaceWithoutAttribute_DerivesLowerCaseNameWithoutPrefixAndSuffix()
    {
        Assert.Equal("counter", GrainInterfaceRegistry.GetGrainType<ICounterGrain>());
        Assert.Equal("admin", GrainInterfaceRegistry.GetGrainType<IAdminGrain>());
        Assert.Equal("named", GrainInterfaceRegistry.GetGrainType<INamedGrain>());
        Assert.Equal("nested", GrainInterfaceRegistry.GetGrainType<Outer.INestedGrain>());
    }

    [Fact]
    public void GetGrainType_GrainTypeAttribute_UsesExplicitName()
        => Assert.Equal("explicit-session", GrainInterfaceRegistry.GetGrainType<ISessionGrain>());

    [Fact]
    public void CreateReference_DerivedName_ReturnsGrainReferenceWithGrainId()
    {
        var counter = GrainInterfaceRegistry.CreateReference<ICounterGrain>(_invoker, "k");

        var reference = Assert.IsAssignableFrom<GrainReference>(counter);
        Assert.Equal(new GrainId("counter", "k"), reference.GrainId);
        Assert.Equal("counter/k", reference.ToString());
    }

    [Fact]
    public async Task Call_MethodWithToken_HandsInvokerRequestWithArgumentsDescriptorAndCallerToken()
    {
        using var cts = new CancellationTokenSource();
        var counter = GrainInterfaceRegistry.CreateReference<ICounterGrain>(_invoker, "k");

        await counter.AddAsync(5, cts.Token);

        var call = _invoker.Single;
        Assert.Equal(new GrainId("counter", "k"), call.Target);
        Assert.Equal(cts.Token, call.Token);
        var request = Assert.IsType<ICounterGrain_AddAsync_Request>(call.Request);
        Assert.Equal(5, request.Arg0);
        AssertDescriptor(request.Method, "counter", "ICounterGrain", "AddAsync", GrainMethodOptions.None, null);
        Assert.False(request.Method.IsReadOnly);
        Assert.False(request.Method.AlwaysInterleave);
    }

    [Fact]
    public async Task Call_MethodWithoutToken_PassesNoneAndReadOnlyDescriptor()
    {
        var counter = GrainInterfaceRegistry.CreateReference<ICounterGrain>(_invoker, "k");

        await counter.GetAsync();

        var call = _invoker.Single;
        Assert.Equal(CancellationToken.None, call.Token);
        var request = Assert.IsType<ICounterGrain_GetAsync_Request>(call.Request);
        AssertDescriptor(request.Method, "counter", "ICounterGrain", "GetAsync", GrainMethodOptions.ReadOnly, null);
        Assert.True(request.Method.IsReadOnly);
        Assert.False(request.Method.AlwaysInterleave);
    }

    [Fact]
    public async Task Call_ReadOnlyAlwaysInterleaveAndTimeout_DescriptorCarriesAllOfThem()
    {
        var counter = GrainInterfaceRegistry.CreateReference<ICounterGrain>(_invoker, "k");
        var profile = new Profile("ann", 30);
        string?[] tags = ["a", null];

        await counter.DescribeAsync(null, profile, tags);

        var request = Assert.IsType<ICounterGrain_DescribeAsync_Request>(_invoker.Single.Request);
        Assert.Null(request.Arg0);
        Assert.Same(profile, request.Arg1);
        Assert.Same(tags, request.Arg2);
        AssertDescriptor(request.Method, "counter", "ICounterGrain", "DescribeAsync", GrainMethodOptions.ReadOnly | GrainMethodOptions.AlwaysInterleave, TimeSpan.FromSeconds(5));
        Assert.True(request.Method.IsReadOnly);
        Assert.True(request.Method.AlwaysInterleave);
    }

    [Fact]
    public async Task Call_ExplicitGrainTypeAndDayTimeout_UsesExplicitGrainIdAndParsedTimeout()
    {
        using var cts = new CancellationTokenSource();
        var at = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var session = GrainInterfaceRegistry.CreateReference<ISessionGrain>(_invoker, "alice@example.com");

        await session.StartAsync("alice", at, cts.Token);

        var call = _invoker.Single;
        Assert.Equal(new GrainId("explicit-session", "alice@example.com"), call.Target);
        Assert.Equal(cts.Token, call.Token);
        var request = Assert.IsType<ISessionGrain_StartAsync_Request>(call.Request);
        Assert.Equal("alice", request.Arg0);
        Assert.Equal(at, request.Arg1);
        AssertDescriptor(request.Method, "explicit-session", "ISessionGrain", "StartAsync", GrainMethodOptions.None, new TimeSpan(1, 2, 3, 4, 500));
    }

    [Fact]
    public async Task InvokeAsync_CapturedRequest_CallsImplementationWithArgumentsAndPassesTokenThrough()
    {
        using var callerCts = new CancellationTokenSource();
        using var runtimeCts = new CancellationTokenSource();
        var counter = GrainInterfaceRegistry.CreateReference<ICounterGrain>(_invoker, "k");
        await counter.AddAsync(7, callerCts.Token);
        var request = Assert.IsType<ICounterGrain_AddAsync_Request>(_invoker.Single.Request);
        var grain = new CounterGrain();

        var result = await request.InvokeAsync(grain, runtimeCts.Token);

        Assert.Equal(107, result);
        var received = Assert.Single(grain.Received);
        Assert.Equal("AddAsync", received.Method);
        Assert.Equal([7], received.Args);
        Assert.Equal(runtimeCts.Token, received.Token);
    }

    [Fact]
    public async Task InvokeAsync_TaskMethod_AwaitsImplementationThenReturnsVoidResult()
    {
        using var cts = new CancellationTokenSource();
        var counter = GrainInterfaceRegistry.CreateReference<ICounterGrain>(_invoker, "k");
        await counter.ResetAsync(cts.Token);
        var call = _invoker.Single;
        Assert.Equal(cts.Token, call.Token);
        var request = Assert.IsType<ICounterGrain_ResetAsync_Request>(call.Request);
        Assert.IsAssignableFrom<GrainRequest<VoidResult>>(request);
        AssertDescriptor(request.Method, "counter", "ICounterGrain", "ResetAsync", GrainMethodOptions.AlwaysInterleave, null);
        var grain = new CounterGrain();

        var pending = request.InvokeAsync(grain, cts.Token);

        Assert.False(pending.IsCompleted);
        grain.ResetCompletion.SetResult();
        Assert.Equal(default, await pending);
        Assert.Equal(cts.Token, Assert.Single(grain.Received).Token);
    }

    [Fact]
    public async Task Call_Overloads_UseDistinctRequestsThatInvokeTheMatchingOverload()
    {
        using var cts = new CancellationTokenSource();
        var counter = GrainInterfaceRegistry.CreateReference<ICounterGrain>(_invoker, "k");
        var grain = new CounterGrain();

        await counter.SetAsync(3);
        await counter.SetAsync("three", cts.Token);

        Assert.Equal(2, _invoker.Calls.Count);
        var byInt = Assert.IsType<ICounterGrain_SetAsync_Request>(_invoker.Calls[0].Request);
        var byString = Assert.IsType<ICounterGrain_SetAsync_1_Request>(_invoker.Calls[1].Request);
        Assert.Equal(3, byInt.Arg0);
        Assert.Equal("three", byString.Arg0);
        Assert.Equal(CancellationToken.None, _invoker.Calls[0].Token);
        Assert.Equal(cts.Token, _invoker.Calls[1].Token);
        Assert.NotEqual(byInt.Method.Id, byString.Method.Id);
        Assert.Equal("SetAsync", byInt.Method.MethodName);
        Assert.Equal("SetAsync", byString.Method.MethodName);

        await byInt.InvokeAsync(grain, CancellationToken.None);
        await byString.InvokeAsync(grain, cts.Token);

        Assert.Equal(["SetAsync(int)", "SetAsync(string)"], grain.Received.Select(r => r.Method));
        Assert.Equal([3], grain.Received[0].Args);
        Assert.Equal(["three"], grain.Received[1].Args);
        Assert.Equal(cts.Token, grain.Received[1].Token);
    }

    [Fact]
    public async Task Call_KeywordNamedAndParamsParameters_RoundTripThroughRequest()
    {
        var counter = GrainInterfaceRegistry.CreateReference<ICounterGrain>(_invoker, "k");
        var grain = new CounterGrain();

        await counter.TupleAsync(2, "x", "y");

        var request = Assert.IsType<ICounterGrain_TupleAsync_Request>(_invoker.Single.Request);
        Assert.Equal(2, request.Arg0);
        Assert.Equal(["x", "y"], request.Arg1);
        var result = await request.InvokeAsync(grain, CancellationToken.None);
        Assert.Equal((4, "x,y"), result);
    }

    [Fact]
    public async Task Call_InheritedGrainInterfaceMethod_UsesDerivedGrainTypeAndDeclaringInterface()
    {
        var admin = GrainInterfaceRegistry.CreateReference<IAdminGrain>(_invoker, "root");
        var grain = new AdminGrain();

        await ((INamedGrain)admin).GetNameAsync();
        await admin.GetNameAsync();

        Assert.Equal(2, _invoker.Calls.Count);
        Assert.All(_invoker.Calls, c => Assert.Equal(new GrainId("admin", "root"), c.Target));
        var inherited = (GrainRequest<string>)_invoker.Calls[0].Request;
        var hiding = (GrainRequest<string>)_invoker.Calls[1].Request;
        AssertDescriptor(inherited.Method, "admin", "INamedGrain", "GetNameAsync", GrainMethodOptions.ReadOnly, null);
        AssertDescriptor(hiding.Method, "admin", "IAdminGrain", "GetNameAsync", GrainMethodOptions.None, null);
        Assert.Equal("named-name", await inherited.InvokeAsync(grain, CancellationToken.None));
        Assert.Equal("admin-name", await hiding.InvokeAsync(grain, CancellationToken.None));
        Assert.Equal(["INamedGrain.GetNameAsync", "IAdminGrain.GetNameAsync"], grain.Received.Select(r => r.Method));
    }

    [Fact]
    public async Task Call_InheritedPlainInterfaceMethod_IsImplementedAndInvokesGrain()
    {
        var admin = GrainInterfaceRegistry.CreateReference<IAdminGrain>(_invoker, "root");
        var grain = new AdminGrain();

        await ((IAuditLog)admin).AppendAsync("granted");

        var request = Assert.IsAssignableFrom<GrainRequest<VoidResult>>(_invoker.Single.Request);
        AssertDescriptor(request.Method, "admin", "IAuditLog", "AppendAsync", GrainMethodOptions.None, null);
        Assert.Equal(default, await request.InvokeAsync(grain, CancellationToken.None));
        var received = Assert.Single(grain.Received);
        Assert.Equal("AppendAsync", received.Method);
        Assert.Equal(["granted"], received.Args);
    }

    [Fact]
    public async Task Call_BaseGrainInterfaceOnItsOwn_HasItsOwnGrainType()
    {
        var named = GrainInterfaceRegistry.CreateReference<INamedGrain>(_invoker, "n");

        await named.GetNameAsync();

        var call = _invoker.Single;
        Assert.Equal(new GrainId("named", "n"), call.Target);
        AssertDescriptor(call.Request.Method, "named", "INamedGrain", "GetNameAsync", GrainMethodOptions.ReadOnly, null);
    }

    [Fact]
    public async Task Call_InterfaceNestedInClass_GeneratesWorkingReference()
    {
        var nested = GrainInterfaceRegistry.CreateReference<Outer.INestedGrain>(_invoker, "n1");
        var grain = new NestedGrain();

        await nested.PingAsync(21);

        var call = _invoker.Single;
        Assert.Equal(new GrainId("nested", "n1"), call.Target);
        var request = Assert.IsType<Outer_INestedGrain_PingAsync_Request>(call.Request);
        Assert.Equal(21L, request.Arg0);
        AssertDescriptor(request.Method, "nested", "Outer.INestedGrain", "PingAsync", GrainMethodOptions.None, null);
        Assert.Equal(42L, await request.InvokeAsync(grain, CancellationToken.None));
    }

    [Fact]
    public async Task Descriptor_RepeatedCalls_AreSharedPerMethod()
    {
        var counter = GrainInterfaceRegistry.CreateReference<ICounterGrain>(_invoker, "k");

        await counter.GetAsync();
        await counter.GetAsync();
        await counter.AddAsync(1, CancellationToken.None);

        Assert.Same(_invoker.Calls[0].Request.Method, _invoker.Calls[1].Request.Method);
        Assert.NotSame(_invoker.Calls[0].Request, _invoker.Calls[1].Request);
        Assert.NotEqual(_invoker.Calls[0].Request.Method.Id, _invoker.Calls[2].Request.Method.Id);
    }

    private static void AssertDescriptor(GrainMethodDescriptor descriptor, string grainType, string interfaceName, string methodName, GrainMethodOptions options, TimeSpan? timeout)
    {
        Assert.Equal(grainType, descriptor.GrainType);
        Assert.Equal(interfaceName, descriptor.InterfaceName);
        Assert.Equal(methodName, descriptor.MethodName);
        Assert.Equal(options, descriptor.Options);
        Assert.Equal(timeout, descriptor.ResponseTimeout);
    }
}
