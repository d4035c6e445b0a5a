namespace OrleansAuth.Hosting.Storage;

/// <summary>Marks a service collection whose storage services are registered, so registering again is a no-op.</summary>
internal sealed class GrainStorageRegistered;
