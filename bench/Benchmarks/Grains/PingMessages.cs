namespace OrleansAuth.Benchmarks.Grains;

/// <summary>A call's argument the size of a session check (user id, session id) plus a counter.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.Benchmarks.PingRequest")]
public sealed record PingRequest([property: Id(0)] Guid UserId, [property: Id(1)] Guid SessionId, [property: Id(2)] long Value);

/// <summary>The answer: the counter plus one, so the caller sees the grain ran.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.Benchmarks.PingReply")]
public sealed record PingReply([property: Id(0)] long Value);
