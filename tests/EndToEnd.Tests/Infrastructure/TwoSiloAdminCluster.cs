namespace OrleansAuth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// <see cref="LocalCluster"/> with two silos and one bootstrapped administrator (<c>Auth:AdminEmails</c>), whose
/// account the test registers; the API runs in Production, so the dashboard data needs that administrator's token.
/// </summary>
public sealed class TwoSiloAdminCluster() : LocalCluster(new Dictionary<string, string?>
{
    ["CLUSTER_SILOS"] = "2",
    ["Auth__AdminEmails__0"] = AdminEmail,
})
{
    public const string AdminEmail = "dashboard-admin@example.com";
}
