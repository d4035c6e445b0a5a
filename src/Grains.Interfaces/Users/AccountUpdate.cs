using System.Collections.Immutable;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>Administrative change; null members stay as they are. Roles replace the stored roles.</summary>
/// <param name="Disabled">Disabling ends every session at once; enabling lets the account log in again.</param>
/// <param name="Roles">The new roles. <c>user</c> and, for an email in <c>Auth:AdminEmails</c>, <c>admin</c> are always kept.</param>
/// <param name="UserId">When set, the change applies only to the account with this id (NOT_FOUND otherwise), so a
/// caller that found the email by user id never changes a later account of the same email.</param>
/// <param name="ActorId">The administrator making the change: recorded as <c>actor_id</c>, and refused
/// (SELF_LOCKOUT) when it would disable or demote that administrator's own account.</param>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.AccountUpdate")]
public sealed record AccountUpdate(bool? Disabled = null, ImmutableArray<string>? Roles = null, Guid? UserId = null, Guid? ActorId = null);
