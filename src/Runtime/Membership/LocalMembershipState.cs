namespace OrleansAuth.Runtime.Membership;

/// <summary>
/// This silo's own membership status, written by <see cref="MembershipAgent"/> and read by the silo status provider.
/// A holder without dependencies: the transport asks the status provider whether to take calls, and membership
/// depends on the transport, so the provider must not depend on membership's services.
/// </summary>
internal sealed class LocalMembershipState
{
    private volatile int _status = -1;
    private int _declaredDead;

    /// <summary>The status this silo last wrote or read for itself; null before it has joined.</summary>
    public MembershipStatus? Status => _status < 0 ? null : (MembershipStatus)_status;

    /// <summary>Set once this silo has found itself Dead in the table while it was not leaving.</summary>
    public bool DeclaredDead => Volatile.Read(ref _declaredDead) == 1;

    public void Set(MembershipStatus status) => _status = (int)status;

    /// <summary>Marks this silo declared Dead; true only for the first caller.</summary>
    public bool TryDeclareDead()
    {
        if (Interlocked.Exchange(ref _declaredDead, 1) != 0)
        {
            return false;
        }

        Set(MembershipStatus.Dead);
        return true;
    }
}
