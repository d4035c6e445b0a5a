namespace OrleansAuth.Hosting.Events;

/// <summary>
/// Webhook delivery of the grain_events outbox (section <c>Events</c>). Without <see cref="WebhookUrl"/> nothing is
/// sent and events stay in the outbox, undelivered, until a URL is configured.
/// </summary>
internal sealed class EventsOptions
{
    public const string SectionName = "Events";

    /// <summary>Absolute http(s) URL every event is POSTed to. Unset (default): delivery is off.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>HMAC-SHA256 key of the <c>X-Signature</c> header (its UTF-8 bytes, at least 32). Required with a URL.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Longest wait for one POST's response headers; longer counts as a failed attempt. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Undelivered events read per pass, oldest first. Default 100 (1–1000).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Users whose events are sent at the same time; one user's events always go one after another. Default 4 (1–64).</summary>
    public int MaxConcurrentDeliveries { get; set; } = 4;

    /// <summary>How often an idle dispatcher looks for new events (and a standby one for an expired lease). Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Wait after the first failed pass; it doubles per further failure, with jitter. Default 1 s.</summary>
    public TimeSpan MinRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest wait between passes while deliveries fail and the circuit is still closed (an open circuit sets the wait
    /// to its break). Default 10 s: with <see cref="BreakerBreakDuration"/> it bounds how late a backlog flows once the
    /// receiver answers again.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the single active dispatcher of a cluster holds its lease without renewing it (it renews every pass);
    /// when its node dies, another takes over after this. At least twice <see cref="RequestTimeout"/>. Default 30 s.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The circuit opens when this share of the attempts in the sampling window failed. Default 0.5.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed in the sampling window before the circuit may open. Default 5 (at least 2).</summary>
    public int BreakerMinimumThroughput { get; set; } = 5;

    /// <summary>The window over which failures are counted. Default 30 s (at least 0.5 s).</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an open circuit refuses attempts before one trial POST passes; during an outage the receiver sees one
    /// request per break. Default 10 s (at least 0.5 s).
    /// </summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(10);
}
