using System.Text;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>Password reset with the token of <c>user.password_reset_requested</c>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.ResetPasswordRequest")]
public sealed record ResetPasswordRequest(string ResetToken, string NewPassword)
{
    // Records print every member; a logged request must not show the token or the password.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ResetToken = ***, NewPassword = ***");
        return true;
    }
}
