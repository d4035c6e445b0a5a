using System.Text;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>A presented refresh token plus the caller's user agent and client address (recorded as the session's last use).</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.RefreshRequest")]
public sealed record RefreshRequest(string RefreshToken, string? UserAgent, string? ClientAddress)
{
    // Records print every member; a logged request must not show the token.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("RefreshToken = ***, UserAgent = ").Append(UserAgent).Append(", ClientAddress = ").Append(ClientAddress);
        return true;
    }
}
