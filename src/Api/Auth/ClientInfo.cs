namespace OrleansAuth.Api.Auth;

/// <summary>What the grain records about the client of a session: user agent and address.</summary>
internal static class ClientInfo
{
    public static string? UserAgent(HttpContext context)
        => context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null;

    // The connection's address; behind a reverse proxy, forwarded-headers middleware must run first to see the client's.
    public static string? Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
