namespace OrleansAuth.Runtime.Hosting;

/// <summary>Grain runtime settings (configuration section <c>GrainRuntime</c>).</summary>
public sealed class GrainRuntimeOptions
{
    public const string SectionName = "GrainRuntime";

    /// <summary>How long a caller waits for a response before failing with a timeout. Default 30 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Requests that may wait in one activation's mailbox; one more is rejected at once with
    /// <see cref="GrainOverloadedException"/> rather than queued. Default 1,000.
    /// </summary>
    public int MaxEnqueuedRequests { get; set; } = 1_000;

    /// <summary>An activation idle for this long is deactivated. Default 15 min.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for. Default 1 min.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest wait for one activation's <c>OnDeactivateAsync</c>. Default 30 s.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
