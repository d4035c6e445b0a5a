using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansAuth.Api.Auth;
using OrleansAuth.Api.Hosting;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Statistics;

namespace OrleansAuth.Api.Dashboard;

/// <summary>
/// GET /dashboard, a self-contained page (no external resources), and its data under /dashboard/api: cluster,
/// grains, membership. The data needs an administrator's bearer token outside the Development environment.
/// </summary>
public static class DashboardEndpoints
{
    public const string Path = "/dashboard";

    private const string PageResource = "OrleansAuth.Api.Dashboard.dashboard.html";

    // Only what the page itself uses: inline style and script, fetches to this origin.
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Lazy<string> _page = new(LoadPage);

    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Add(DashboardJsonContext.Default));
        services.TryAddSingleton<ClusterStatisticsSampler>();
        services.AddSingleton<MembershipEventLog>();
        services.AddHostedService(provider => provider.GetRequiredService<MembershipEventLog>());
        return services;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, GetPage).WithName("GetDashboard").ExcludeFromDescription();
        var api = endpoints.MapGroup(Path + "/api").WithTags("Dashboard");
        api.MapGet("/cluster", GetCluster).WithName("GetDashboardCluster").WithSummary("Silos with status, activations, calls/s, CPU and memory.");
        api.MapGet("/grains", GetGrains).WithName("GetDashboardGrains").WithSummary("Grain types and their methods: calls, errors, latency.");
        api.MapGet("/membership", GetMembership).WithName("GetDashboardMembership").WithSummary("The membership view and recent membership events.");
        if (!endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            api.RequireAuthorization(AdminPolicy.Name)
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status403Forbidden);
        }

        return endpoints;
    }

    private static ContentHttpResult GetPage(HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Content(_page.Value, "text/html; charset=utf-8");
    }

    private static async Task<Ok<ClusterResponse>> GetCluster(
        ClusterStatisticsSampler sampler, IOptions<ClusterOptions> cluster, HttpContext context, CancellationToken cancellationToken)
    {
        var sample = await sampler.GetAsync(cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        var silos = sample.Silos.Select(silo => ToResponse(silo, sample)).ToArray();
        return TypedResults.Ok(new ClusterResponse(
            cluster.Value.Mode.Trim().ToLowerInvariant(),
            sample.TakenAt,
            silos.Length,
            sample.Silos.Count(silo => silo.Status == nameof(MembershipStatus.Active)),
            silos.Sum(silo => silo.Activations ?? 0),
            silos.Sum(silo => silo.CallsPerSecond ?? 0),
            silos));
    }

    private static async Task<Ok<GrainsResponse>> GetGrains(ClusterStatisticsSampler sampler, HttpContext context, CancellationToken cancellationToken)
    {
        var sample = await sampler.GetAsync(cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        var reports = sample.Silos.Where(silo => silo.Report is not null).Select(silo => silo.Report!).ToArray();
        var activations = reports.SelectMany(report => report.Activations)
            .GroupBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(pair => pair.Value), StringComparer.Ordinal);
        var methods = reports.SelectMany(report => report.Methods).ToLookup(method => method.GrainType, StringComparer.Ordinal);
        var types = activations.Keys.Union(methods.Select(group => group.Key), StringComparer.Ordinal)
            .Select(type => ToResponse(type, activations.GetValueOrDefault(type), methods[type]))
            .OrderByDescending(type => type.Calls)
            .ThenBy(type => type.GrainType, StringComparer.Ordinal)
            .ToArray();
        return TypedResults.Ok(new GrainsResponse(sample.TakenAt, types));
    }

    private static async Task<Ok<MembershipResponse>> GetMembership(
        IServiceProvider services, ClusterStatisticsSampler sampler, MembershipEventLog log, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (services.GetService<IClusterMembershipService>() is { } membership)
        {
            var snapshot = membership.CurrentSnapshot;
            var members = snapshot.Members.Values
                .OrderBy(member => member.Name, StringComparer.Ordinal)
                .ThenBy(member => member.StartTime)
                .Select(member => new MemberResponse(
                    member.Address.ToString(), member.Name, member.Status.ToString(), member.StartTime, member.IAmAliveTime, member.Suspicions.Length))
                .ToArray();
            return TypedResults.Ok(new MembershipResponse(snapshot.Version, members, log.Recent()));
        }

        // Embedded: one in-process silo, no membership table.
        var sample = await sampler.GetAsync(cancellationToken);
        var start = new DateTimeOffset(System.Diagnostics.Process.GetCurrentProcess().StartTime);
        var local = sample.Silos.Select(silo => new MemberResponse(silo.Silo.ToString(), silo.Name, silo.Status, start, sample.TakenAt, 0)).ToArray();
        var events = local.Select(member => new MembershipEvent(start, member.Address, member.Name, "joined")).ToArray();
        return TypedResults.Ok(new MembershipResponse(0, local, events));
    }

    private static SiloResponse ToResponse(SiloStatistics silo, ClusterSample sample)
    {
        var report = silo.Report;
        double? rate = report is not null && sample.CallsPerSecond.TryGetValue(report.Silo, out var perSecond) ? perSecond : null;
        return new SiloResponse(
            silo.Silo.ToString(), silo.Name, silo.Status, report?.ActivationCount, report?.TotalCalls, rate,
            report?.CpuUsage, report?.WorkingSetBytes, report?.ManagedHeapBytes, silo.Error);
    }

    private static GrainTypeResponse ToResponse(string grainType, long activations, IEnumerable<GrainMethodStatistics> perSilo)
    {
        var methods = perSilo
            .GroupBy(method => (method.InterfaceName, method.MethodName))
            .Select(group =>
            {
                var calls = group.Sum(method => method.Calls);
                var total = TimeSpan.FromTicks(group.Sum(method => method.TotalLatency.Ticks));
                return new GrainMethodResponse(
                    group.Key.InterfaceName,
                    group.Key.MethodName,
                    calls,
                    group.Sum(method => method.Errors),
                    calls == 0 ? 0 : total.TotalMilliseconds / calls,
                    group.Max(method => method.LatencyP50).TotalMilliseconds,
                    group.Max(method => method.LatencyP99).TotalMilliseconds);
            })
            .OrderByDescending(method => method.Calls)
            .ThenBy(method => method.Method, StringComparer.Ordinal)
            .ToArray();
        return new GrainTypeResponse(grainType, activations, methods.Sum(m => m.Calls), methods.Sum(m => m.Errors), methods);
    }

    private static string LoadPage()
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream(PageResource)
            ?? throw new InvalidOperationException($"The dashboard page ({PageResource}) is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
