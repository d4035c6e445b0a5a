using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansAuth.Hosting.Cluster;
using OrleansAuth.Hosting.Events;
using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Hosting.Silo;

/// <summary>Configures an Orleans silo of the service from the standard keys (DESIGN.md §3).</summary>
public static class AuthSiloBuilderExtensions
{
    /// <summary>
    /// The silo the API hosts in embedded mode: localhost clustering (one silo, no gateway), grain state in the
    /// service's SQL store (<c>Storage:Provider</c>, <c>ConnectionStrings:AuthDb</c>, schema migrated at start) and
    /// webhook delivery of its events (<c>Events</c>).
    /// </summary>
    public static ISiloBuilder AddEmbeddedAuthSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var endpoint = ReadEndpoint(configuration);
        var clusterId = ClusterDatabase.ClusterId(configuration);
        var siloPort = endpoint.Port == 0 ? FreePort.On(IPAddress.Loopback) : endpoint.Port;
        silo.UseLocalhostClustering(siloPort, gatewayPort: 0, serviceId: clusterId, clusterId: clusterId);
        return silo.AddAuthSiloServices(configuration);
    }

    /// <summary>
    /// A member of a multi-silo cluster: ADO.NET clustering on the PostgreSQL database of <c>ConnectionStrings:AuthDb</c>
    /// (invariant <c>Npgsql</c>), endpoints from <c>Silo:*</c>, failure detection from <c>Membership:*</c>
    /// (<see cref="ClusterMembershipOptions"/> property names; defaults declare a killed silo dead within 5 s), and
    /// the services of <see cref="AddEmbeddedAuthSilo"/>.
    /// </summary>
    public static ISiloBuilder AddClusterAuthSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var endpoint = ReadEndpoint(configuration);
        var clusterId = ClusterDatabase.ClusterId(configuration);
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = ClusterDatabase.Invariant;
            options.ConnectionString = ClusterDatabase.ConnectionString(configuration);
        });
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = clusterId;
        });
        silo.Configure<EndpointOptions>(options =>
        {
            options.AdvertisedIPAddress = ClusterDatabase.ResolveAddress(endpoint.AdvertisedAddress);
            options.SiloPort = endpoint.Port == 0 ? FreePort.On(IPAddress.Any) : endpoint.Port;
            options.GatewayPort = endpoint.GatewayPort == 0 ? FreePort.On(IPAddress.Any) : endpoint.GatewayPort;
            options.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, options.SiloPort);
            options.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, options.GatewayPort);
        });
        silo.Configure<SiloOptions>(options => options.SiloName = endpoint.Name ?? $"{Environment.MachineName}:{endpoint.Port}");
        silo.Services.AddOptions<ClusterMembershipOptions>()
            .Configure(MembershipDefaults.Apply)
            .Bind(configuration.GetSection(MembershipDefaults.SectionName));
        silo.AddAuthSiloServices(configuration);
        silo.Services.AddHostedService<ClusteringQueriesCheck>();
        return silo;
    }

    private static ISiloBuilder AddAuthSiloServices(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddGrainStorage(configuration);
        silo.Services.AddEventDelivery(configuration);
        return silo;
    }

    private static SiloHostOptions ReadEndpoint(IConfiguration configuration)
    {
        var options = new SiloHostOptions();
        configuration.GetSection(SiloHostOptions.SectionName).Bind(options);
        var failures = new SiloHostOptionsValidator().Validate(null, options);
        if (failures.Failed)
        {
            throw new OptionsValidationException(SiloHostOptions.SectionName, typeof(SiloHostOptions), failures.Failures);
        }

        return options;
    }
}
