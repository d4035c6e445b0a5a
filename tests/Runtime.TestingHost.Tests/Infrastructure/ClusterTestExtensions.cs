using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Runtime.Activation;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Messaging;
using OrleansAuth.Runtime.Placement;
using OrleansAuth.Runtime.TestingHost.Tests.Grains;
using OrleansAuth.Runtime.Tests.Storage;

namespace OrleansAuth.Runtime.TestingHost.Tests.Infrastructure;

/// <summary>What tests look at inside the silos of a <see cref="TestCluster"/>.</summary>
internal static class ClusterTestExtensions
{
    public static readonly string CounterType = GrainInterfaceRegistry.GetGrainType<ICounterGrain>();

    /// <summary>A cluster builder with the test grains and one <see cref="ClusterEvents"/> shared by every silo.</summary>
    public static TestClusterBuilder WithTestGrains(this TestClusterBuilder builder, ClusterEvents events) =>
        builder.ConfigureSilo(services => services.AddSingleton(events).AddGrain<ICounterGrain, CounterGrain>());

    public static TestClusterBuilder UseDatabase(this TestClusterBuilder builder, IDatabaseFixture database, string connectionString) =>
        database is PostgresDatabaseFixture ? builder.UsePostgres(connectionString) : builder.UseSqlite(connectionString);

    public static GrainId CounterId(string key) => new(CounterType, key);

    public static Catalog Catalog(this SiloHandle silo) => silo.Services.GetRequiredService<Catalog>();

    public static bool HasActivation(this SiloHandle silo, string key) => silo.Catalog().Find(CounterId(key)) is not null;

    /// <summary>The owner of a counter grain in <paramref name="silo"/>'s current view.</summary>
    public static SiloAddress? OwnerOf(this SiloHandle silo, string key) => silo.Services.GetRequiredService<GrainLocator>().GetOwner(CounterId(key));

    /// <summary>A fresh counter key that <paramref name="owner"/> owns in its current view.</summary>
    public static string KeyOwnedBy(this SiloHandle owner, string prefix) =>
        Enumerable.Range(0, 1000).Select(i => $"{prefix}-{i}-{Guid.NewGuid():N}").First(key => owner.OwnerOf(key) == owner.SiloAddress);

    public static IRemoteGrainInvoker Remote(this SiloHandle silo) => silo.Services.GetRequiredService<IRemoteGrainInvoker>();
}
