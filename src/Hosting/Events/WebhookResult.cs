namespace OrleansAuth.Hosting.Events;

/// <summary>How one delivery attempt ended; <see cref="Outcome"/> is the <c>reason</c> tag of the failure counter.</summary>
/// <param name="Delivered">The receiver answered 2xx: the event is acknowledged.</param>
/// <param name="Outcome"><c>delivered</c>, <c>rejected</c> (non-2xx), <c>unreachable</c>, <c>timeout</c> or <c>circuit_open</c> (not sent).</param>
/// <param name="StatusCode">The receiver's status code, when it answered.</param>
internal readonly record struct WebhookResult(bool Delivered, string Outcome, int? StatusCode = null)
{
    public static WebhookResult Success(int statusCode) => new(true, "delivered", statusCode);

    public static WebhookResult Rejected(int statusCode) => new(false, "rejected", statusCode);

    public static WebhookResult Unreachable { get; } = new(false, "unreachable");

    public static WebhookResult TimedOut { get; } = new(false, "timeout");

    public static WebhookResult CircuitOpen { get; } = new(false, "circuit_open");
}
