using System.Collections.Immutable;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>The active sessions of an account, newest first.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.SessionList")]
public sealed record SessionList(ImmutableArray<SessionInfo> Sessions);
