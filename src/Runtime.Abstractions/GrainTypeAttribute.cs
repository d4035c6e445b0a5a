namespace OrleansAuth.Runtime;

/// <summary>
/// Names the grain type of an interface. The name is part of every grain id and storage row, so it must never change.
/// Without it the name is derived from the interface: <c>IUserGrain</c> → <c>user</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
