namespace OrleansAuth.Grains.Users;

internal static class UserRoles
{
    /// <summary>Every account has it.</summary>
    public const string User = "user";

    /// <summary>Accounts whose email is listed in <c>Auth:AdminEmails</c>.</summary>
    public const string Admin = "admin";
}
