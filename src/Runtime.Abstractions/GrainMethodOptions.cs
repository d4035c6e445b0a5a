namespace OrleansAuth.Runtime;

/// <summary>Scheduling options of a grain method, taken from its attributes.</summary>
[Flags]
public enum GrainMethodOptions
{
    None = 0,

    /// <summary>Does not change state: may run together with other read-only requests, never with a writer.</summary>
    ReadOnly = 1,

    /// <summary>May run at any time, interleaved with any other request.</summary>
    AlwaysInterleave = 2,
}
