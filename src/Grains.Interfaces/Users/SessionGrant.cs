using System.Collections.Immutable;
using System.Text;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>
/// A started or refreshed session: the new refresh token and what the API needs to sign the access token
/// (<c>sub</c> = <see cref="UserId"/>, <c>email</c>, <c>sid</c> = <see cref="SessionId"/>, <c>roles</c>).
/// </summary>
/// <param name="UserId">The account (<c>sub</c>).</param>
/// <param name="Email">The normalized email, which is also the grain key (<c>email</c>).</param>
/// <param name="Roles">The account's roles (<c>roles</c>).</param>
/// <param name="SessionId">The session (<c>sid</c>); stays the same across refreshes.</param>
/// <param name="RefreshToken">Opaque, single use; only its hash is stored.</param>
/// <param name="RefreshTokenExpiresAt">When this refresh token (and, without further refreshes, the session) expires.</param>
/// <param name="IssuedAt">Grain time of issue; the access token's <c>iat</c> may use it.</param>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.SessionGrant")]
public sealed record SessionGrant(
    Guid UserId,
    string Email,
    ImmutableArray<string> Roles,
    Guid SessionId,
    string RefreshToken,
    DateTimeOffset RefreshTokenExpiresAt,
    DateTimeOffset IssuedAt)
{
    // Records print every member; a logged grant must not show the refresh token.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("UserId = ").Append(UserId).Append(", Email = ").Append(Email).Append(", SessionId = ").Append(SessionId)
            .Append(", RefreshToken = ***, RefreshTokenExpiresAt = ").Append(RefreshTokenExpiresAt);
        return true;
    }
}
