namespace OrleansAuth.Grains.Interfaces;

/// <summary>Administrative deletion of the account with <paramref name="UserId"/>.</summary>
/// <param name="UserId">The account to delete (NOT_FOUND when the email now belongs to another account or none).</param>
/// <param name="ActorId">The administrator deleting it: recorded as <c>actor_id</c>; deleting one's own account is SELF_LOCKOUT.</param>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.AccountDeletion")]
public sealed record AccountDeletion(Guid UserId, Guid? ActorId = null);
