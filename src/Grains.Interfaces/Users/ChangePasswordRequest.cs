using System.Text;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>Password change by a signed-in user (the confirmation is compared at the API edge).</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.ChangePasswordRequest")]
public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword)
{
    // Records print every member; a logged request must not show passwords.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("CurrentPassword = ***, NewPassword = ***");
        return true;
    }
}
