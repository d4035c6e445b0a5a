namespace OrleansAuth.Grains.Interfaces;

/// <summary>A password login; user agent and client address describe the new session (both optional, stored truncated).</summary>
public sealed record LoginRequest(string Password, string? UserAgent, string? ClientAddress);
