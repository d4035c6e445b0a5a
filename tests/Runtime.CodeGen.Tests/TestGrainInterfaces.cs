namespace OrleansAuth.Runtime.CodeGen.Tests.Grains;

public sealed record Profile(string Name, int Age);

/// <summary>Derived grain type name: "counter".</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int delta, CancellationToken cancellationToken);

    [ReadOnly]
    Task<int> GetAsync();

    [AlwaysInterleave]
    Task ResetAsync(CancellationToken cancellationToken = default);

    [ReadOnly]
    [AlwaysInterleave]
    [ResponseTimeout("00:00:05")]
    Task<string?> DescribeAsync(string? prefix, Profile profile, IReadOnlyList<string?> tags);

    Task SetAsync(int value);

    Task SetAsync(string value, CancellationToken cancellationToken);

    Task<(int Count, string @class)> TupleAsync(int @class, params string[] names);
}

[GrainType("explicit-session")]
internal interface ISessionGrain : IGrainWithStringKey
{
    [ResponseTimeout("1.02:03:04.5")]
    Task<Guid> StartAsync(string user, DateTimeOffset at, CancellationToken cancellationToken);
}

public interface IAuditLog
{
    Task AppendAsync(string entry);
}

public interface INamedGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<string> GetNameAsync();
}

/// <summary>Inherits a grain interface and a plain interface; derived name "admin".</summary>
public interface IAdminGrain : INamedGrain, IAuditLog
{
    Task<bool> GrantAsync(string role, CancellationToken cancellationToken);

    new Task<string> GetNameAsync();
}

public static class Outer
{
    /// <summary>Nested interface; derived name "nested".</summary>
    public interface INestedGrain : IGrainWithStringKey
    {
        Task<long> PingAsync(long value);
    }
}
