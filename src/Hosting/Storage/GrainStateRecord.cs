namespace OrleansAuth.Hosting.Storage;

/// <summary>A stored state row: UTF-8 JSON payload (null once cleared) and its version.</summary>
public sealed record GrainStateRecord(byte[]? Payload, long Version);
