namespace OrleansAuth.Hosting.Storage;

/// <summary>Names of the silo's grain storage providers, for <c>[PersistentState(stateName, provider)]</c>.</summary>
public static class GrainStorageProviders
{
    /// <summary>The service's SQL store with the events outbox (<see cref="OutboxGrainStorage"/>).</summary>
    public const string Auth = "auth";
}
