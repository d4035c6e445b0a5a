namespace OrleansAuth.Api.Metrics;

/// <summary>The <c>Metrics</c> section: who may read /metrics.</summary>
internal sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// <c>Metrics:RequireAdmin</c>: when true, /metrics needs an administrator's bearer token like /dashboard/api.
    /// Default false: Prometheus scrapes without credentials, and the figures name no user, token or address (only
    /// grain types, methods, routes and counts), so the endpoint is meant to be reachable only from the internal
    /// network (a reverse proxy that does not forward /metrics, or a firewall), as is usual for scrape targets.
    /// </summary>
    public bool RequireAdmin { get; set; }
}
