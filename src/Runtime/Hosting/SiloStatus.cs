namespace OrleansAuth.Runtime.Hosting;

/// <summary>Lifecycle of the local silo as the health endpoints see it.</summary>
public enum SiloStatus
{
    Starting,
    Active,
    ShuttingDown,
    Stopped,
}
