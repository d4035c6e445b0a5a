namespace OrleansAuth.Runtime.Messaging.Transport;

/// <summary>Cluster-management messages, handled by the transport itself rather than by a grain.</summary>
internal enum ControlOperation : byte
{
    None = 0,

    /// <summary>Request: "are you this exact silo and alive?" The body is the expected <c>SiloAddress</c>.</summary>
    Probe = 1,

    /// <summary>One-way: the membership table changed; the body is the new table version.</summary>
    MembershipChanged = 2,

    /// <summary>One-way: the caller stopped waiting for the request with the header's correlation id; cancel its turn.</summary>
    Cancel = 3,

    /// <summary>Request: "send me your runtime figures" (dashboard, /metrics). Empty body; the answer is a JSON <c>SiloRuntimeReport</c>.</summary>
    Statistics = 4,
}
