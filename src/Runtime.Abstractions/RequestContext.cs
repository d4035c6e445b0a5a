namespace OrleansAuth.Runtime;

/// <summary>
/// Ambient key/value pairs that travel with grain calls (Orleans' RequestContext): set on the caller, visible inside
/// the grain turn, and carried on to the calls that turn makes. Holds the correlation id of the HTTP request.
/// </summary>
public static class RequestContext
{
    /// <summary>Key of the correlation id (the HTTP request id) used by logging scopes.</summary>
    public const string CorrelationIdKey = "CorrelationId";

    /// <summary>Key of the W3C traceparent of the caller's activity.</summary>
    public const string TraceParentKey = "traceparent";

    private static readonly AsyncLocal<RequestContextData?> Current = new();

    /// <summary>The current immutable snapshot; null when empty.</summary>
    public static RequestContextData? Data
    {
        get => Current.Value;
        set => Current.Value = value;
    }

    public static string? Get(string key) => Current.Value?.Get(key);

    public static void Set(string key, string value) => Current.Value = (Current.Value ?? RequestContextData.Empty).With(key, value);

    public static void Remove(string key)
    {
        if (Current.Value is { } data)
        {
            Current.Value = data.Without(key);
        }
    }

    public static void Clear() => Current.Value = null;
}
