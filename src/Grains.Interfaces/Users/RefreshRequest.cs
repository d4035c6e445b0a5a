namespace OrleansAuth.Grains.Interfaces;

/// <summary>A presented refresh token plus the caller's user agent and client address (recorded as the session's last use).</summary>
public sealed record RefreshRequest(string RefreshToken, string? UserAgent, string? ClientAddress);
