using Orleans.Dashboard;
using OrleansAuth.Api.Auth;

namespace OrleansAuth.Api.Dashboard;

/// <summary>The Orleans dashboard at <c>/dashboard</c>, served by this API node in both cluster modes.</summary>
public static class DashboardEndpoints
{
    // Grain state (password and token hashes) and the live log stream never leave the service, not even to admins.
    private static readonly string[] BlockedRoutes = ["/GrainState", "/Trace"];

    // Route values of the dashboard's per-silo views (SiloProperties/{*address}, HistoricalStats/{*path}, ...).
    private static readonly string[] SiloAddressRouteValues = ["address", "path"];

    /// <summary>
    /// Maps the dashboard under <c>/dashboard</c>: admin only outside Development (401 / 403 / 200), with the
    /// grain-state view and the log trace answering 404 for everyone.
    /// </summary>
    public static IEndpointRouteBuilder MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var dashboard = app.MapOrleansDashboard(routePrefix: "/dashboard");
        if (!app.Environment.IsDevelopment())
        {
            dashboard.RequireAuthorization(AdminPolicy.Name);
        }

        dashboard.AddEndpointFilter(static async (context, next) =>
        {
            var pattern = (context.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? string.Empty;
            return BlockedRoutes.Any(route => pattern.EndsWith(route, StringComparison.OrdinalIgnoreCase)) || !HasValidSiloAddress(context.HttpContext)
                ? Results.NotFound()
                : await next(context);
        });
        return app;
    }

    /// <summary>
    /// The per-silo views take a silo address from the path and fail with a 500 on one that does not parse; such a
    /// request names no silo, so it is a 404.
    /// </summary>
    private static bool HasValidSiloAddress(HttpContext context)
    {
        foreach (var name in SiloAddressRouteValues)
        {
            if (context.Request.RouteValues.TryGetValue(name, out var value))
            {
                try
                {
                    _ = SiloAddress.FromParsableString(value as string ?? string.Empty);
                }
                catch (Exception exception) when (exception is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
