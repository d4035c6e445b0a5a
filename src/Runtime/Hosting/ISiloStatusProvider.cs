namespace OrleansAuth.Runtime.Hosting;

/// <summary>Where the local silo is in its lifecycle; it serves grain calls only while <see cref="SiloStatus.Active"/>.</summary>
public interface ISiloStatusProvider
{
    SiloStatus Status { get; }
}
