namespace OrleansAuth.Grains.Interfaces;

/// <summary>Password reset with the token of <c>user.password_reset_requested</c>.</summary>
public sealed record ResetPasswordRequest(string ResetToken, string NewPassword);
