using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.TestingHost;

/// <summary>One silo of a <see cref="TestCluster"/>: a real host in this process, listening on a loopback port.</summary>
public sealed class SiloHandle
{
    internal SiloHandle(IHost host, string name, int instanceNumber)
    {
        Host = host;
        Name = name;
        InstanceNumber = instanceNumber;
        SiloAddress = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
    }

    /// <summary><c>Silo:Name</c>.</summary>
    public string Name { get; }

    /// <summary>Its identity: loopback address, port and generation (new for every start, restarts included).</summary>
    public SiloAddress SiloAddress { get; }

    /// <summary>The silo's services, for tests that look inside.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>A grain factory whose calls start on this silo and are routed to each grain's owner.</summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>False once the silo was stopped or killed.</summary>
    public bool IsRunning { get; internal set; } = true;

    internal IHost Host { get; }

    internal int InstanceNumber { get; }

    public override string ToString() => $"{Name} ({SiloAddress})";
}
