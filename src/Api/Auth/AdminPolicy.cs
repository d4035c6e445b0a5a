namespace OrleansAuth.Api.Auth;

/// <summary>
/// The authorization policy of the administrator endpoints (users, audit, dashboard data): a valid bearer token of an
/// active session whose <c>roles</c> claim holds <see cref="Role"/>. The bearer check replaces the token's roles with the
/// account's current ones (<see cref="BearerSessionCheck"/>); <c>Auth:AdminEmails</c> bootstraps the first administrators.
/// </summary>
internal static class AdminPolicy
{
    public const string Name = "admin";

    /// <summary>The role the grain grants (UserRoles.Admin in the grains project).</summary>
    public const string Role = "admin";

    public static IServiceCollection AddAdminPolicy(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Name, policy => policy.RequireAuthenticatedUser().RequireRole(Role));
        return services;
    }
}
