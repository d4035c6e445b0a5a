namespace OrleansAuth.Hosting.Storage;

/// <summary>
/// The key columns of a grain's state row: grain type name and grain key, stable across processes and releases
/// (rows written by 0.1 use the same values, so an upgraded silo finds them).
/// </summary>
public readonly record struct GrainRowKey(string Type, string Key)
{
    /// <summary>The row key of an Orleans grain id: <c>user</c> + the email for a user grain.</summary>
    public static GrainRowKey From(GrainId grainId) => new(grainId.Type.ToString()!, grainId.Key.ToString()!);

    public override string ToString() => $"{Type}/{Key}";
}
