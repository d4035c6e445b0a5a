namespace OrleansAuth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// <see cref="LocalCluster"/> with two silos and one bootstrapped administrator (<c>Auth:AdminEmails</c>). The API node
/// runs in Development: the Orleans dashboard is then open without sign-in, which a plain browser navigation needs
/// (it cannot send the administrator's bearer token); the silos stay in Production.
/// </summary>
public sealed class TwoSiloAdminCluster() : LocalCluster(new Dictionary<string, string?>
{
    ["CLUSTER_SILOS"] = "2",
    ["CLUSTER_API_ENVIRONMENT"] = "Development",
    ["Auth__AdminEmails__0"] = AdminEmail,
})
{
    public const string AdminEmail = "dashboard-admin@example.com";
}
