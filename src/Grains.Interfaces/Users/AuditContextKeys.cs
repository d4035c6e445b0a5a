namespace OrleansAuth.Grains.Interfaces;

/// <summary>
/// RequestContext keys the API sets for every request and the user grain copies into the events the request causes
/// (the audit log's where-from and who-acted columns).
/// </summary>
public static class AuditContextKeys
{
    /// <summary>The HTTP request's correlation id, also in the logging scope of the grain calls it makes.</summary>
    public const string CorrelationId = "CorrelationId";

    /// <summary>The client's address as the API sees it.</summary>
    public const string ClientAddress = "ClientAddress";

    /// <summary>The request's User-Agent (truncated).</summary>
    public const string UserAgent = "UserAgent";

    /// <summary>User id of an administrator's bearer token; events of another account record it as the acting admin.</summary>
    public const string ActorId = "ActorId";

    /// <summary>Email of that administrator.</summary>
    public const string ActorEmail = "ActorEmail";
}
