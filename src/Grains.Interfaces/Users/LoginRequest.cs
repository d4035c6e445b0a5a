using System.Text;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>A password login; user agent and client address describe the new session (both optional, stored truncated).</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.LoginRequest")]
public sealed record LoginRequest(string Password, string? UserAgent, string? ClientAddress)
{
    // Records print every member; a logged request must not show the password.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Password = ***, UserAgent = ").Append(UserAgent).Append(", ClientAddress = ").Append(ClientAddress);
        return true;
    }
}
