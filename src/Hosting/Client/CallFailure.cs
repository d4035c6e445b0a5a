namespace OrleansAuth.Hosting.Client;

/// <summary>What a failed grain call tells about whether the grain ran it.</summary>
internal enum CallFailure
{
    /// <summary>Not a cluster fault (a bug, a database fault inside the grain): never resent.</summary>
    Other,

    /// <summary>The call never reached an activation: refused by a silo or gateway, or no connection to send it on.</summary>
    NotRun,

    /// <summary>The call was sent and its answer never came back (silo died, timeout): it may or may not have run.</summary>
    OutcomeUnknown,
}
