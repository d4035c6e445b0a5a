namespace OrleansAuth.Hosting.Silo;

/// <summary>
/// Refuses the Orleans dashboard's grain-state view on the silo. That view reflects over a grain's persistent state
/// and returns it; for a user grain that would be a password hash and token hashes. The API also blocks the route.
/// </summary>
internal sealed class DashboardGrainStateFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod is { Name: "GetGrainState" } method
            && method.DeclaringType?.FullName == "Orleans.Dashboard.Core.IDashboardGrain")
        {
            throw new UnauthorizedAccessException("The dashboard's grain-state view is disabled.");
        }

        return context.Invoke();
    }
}
