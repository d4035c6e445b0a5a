namespace OrleansAuth.Runtime;

/// <summary>Identity of a grain: its grain type name and its key. Stable across processes and storage.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
