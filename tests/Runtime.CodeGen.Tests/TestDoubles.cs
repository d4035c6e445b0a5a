using OrleansAuth.Runtime.CodeGen.Tests.Grains;

namespace OrleansAuth.Runtime.CodeGen.Tests;

/// <summary>Records every call a generated reference makes, and answers with default results.</summary>
internal sealed class RecordingInvoker : IGrainCallInvoker
{
    public List<RecordedCall> Calls { get; } = [];

    public RecordedCall Single => Assert.Single(Calls);

    public Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request, CancellationToken cancellationToken)
    {
        Calls.Add(new RecordedCall(target, request, cancellationToken));
        return Task.FromResult(default(TResult)!);
    }
}

internal sealed record RecordedCall(GrainId Target, GrainRequest Request, CancellationToken Token);

/// <summary>One call received by a hand-written grain implementation.</summary>
internal sealed record ReceivedCall(string Method, object?[] Args, CancellationToken Token);

internal abstract class RecordingGrain
{
    public List<ReceivedCall> Received { get; } = [];

    protected void Record(string method, CancellationToken token, params object?[] args) => Received.Add(new ReceivedCall(method, args, token));
}

internal sealed class CounterGrain : RecordingGrain, ICounterGrain
{
    public TaskCompletionSource ResetCompletion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<int> AddAsync(int delta, CancellationToken cancellationToken)
    {
        Record(nameof(AddAsync), cancellationToken, delta);
        return Task.FromResult(100 + delta);
    }

    public Task<int> GetAsync()
    {
        Record(nameof(GetAsync), default);
        return Task.FromResult(42);
    }

    public Task ResetAsync(CancellationToken cancellationToken = default)
    {
        Record(nameof(ResetAsync), cancellationToken);
        return ResetCompletion.Task;
    }

    public Task<string?> DescribeAsync(string? prefix, Profile profile, IReadOnlyList<string?> tags)
    {
        Record(nameof(DescribeAsync), default, prefix, profile, tags);
        return Task.FromResult<string?>($"{prefix}{profile.Name}:{tags.Count}");
    }

    public Task SetAsync(int value)
    {
        Record("SetAsync(int)", default, value);
        return Task.CompletedTask;
    }

    public Task SetAsync(string value, CancellationToken cancellationToken)
    {
        Record("SetAsync(string)", cancellationToken, value);
        return Task.CompletedTask;
    }

    public Task<(int Count, string @class)> TupleAsync(int @class, params string[] names)
    {
        Record(nameof(TupleAsync), default, @class, names);
        return Task.FromResult((@class + names.Length, string.Join(",", names)));
    }
}

internal sealed class SessionGrain : RecordingGrain, ISessionGrain
{
    public static readonly Guid SessionId = Guid.Parse("6f0c1a52-9a0e-4d43-8f5e-3a3b3f0f2c11");

    public Task<Guid> StartAsync(string user, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Record(nameof(StartAsync), cancellationToken, user, at);
        return Task.FromResult(SessionId);
    }
}

/// <summary>Implements the hidden base method explicitly, so a test can tell which one ran.</summary>
internal sealed class AdminGrain : RecordingGrain, IAdminGrain
{
    public Task<bool> GrantAsync(string role, CancellationToken cancellationToken)
    {
        Record(nameof(GrantAsync), cancellationToken, role);
        return Task.FromResult(role == "admin");
    }

    public Task<string> GetNameAsync()
    {
        Record("IAdminGrain.GetNameAsync", default);
        return Task.FromResult("admin-name");
    }

    Task<string> INamedGrain.GetNameAsync()
    {
        Record("INamedGrain.GetNameAsync", default);
        return Task.FromResult("named-name");
    }

    public Task AppendAsync(string entry)
    {
        Record(nameof(AppendAsync), default, entry);
        return Task.CompletedTask;
    }
}

internal sealed class NestedGrain : RecordingGrain, Outer.INestedGrain
{
    public Task<long> PingAsync(long value)
    {
        Record(nameof(PingAsync), default, value);
        return Task.FromResult(value * 2);
    }
}
