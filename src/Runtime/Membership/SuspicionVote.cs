using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Membership;

/// <summary>One silo's vote that another silo is dead, written after it missed enough probes in a row.</summary>
/// <param name="Voter">The silo that could not reach the suspect.</param>
/// <param name="Time">When the vote was cast (the voter's clock); votes older than the expiration no longer count.</param>
public readonly record struct SuspicionVote(SiloAddress Voter, DateTimeOffset Time);
