namespace OrleansAuth.Grains.Interfaces;

/// <summary>Password change by a signed-in user (the confirmation is compared at the API edge).</summary>
public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);
