namespace OrleansAuth.Runtime.Membership;

/// <summary>
/// A silo's status in the membership table. It only moves forward (Joining → Active → ShuttingDown → Dead, any of them
/// straight to Dead), and Dead is final: a restarted process joins as a new identity.
/// </summary>
public enum MembershipStatus
{
    /// <summary>Written itself into the table; checking it can reach the Active silos. Serves no grains yet.</summary>
    Joining,

    /// <summary>Part of the cluster: owns grains and takes part in failure detection.</summary>
    Active,

    /// <summary>Leaving in order: hands off its activations, then writes itself Dead.</summary>
    ShuttingDown,

    /// <summary>Gone: left, or voted dead by the others. Never comes back.</summary>
    Dead,
}
