using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>Outcome of an operation without a value: success, or an <see cref="AuthError"/>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.AuthResult")]
public sealed record AuthResult(AuthError? Error = null)
{
    public static AuthResult Success { get; } = new();

    [JsonIgnore]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    public static AuthResult Fail(AuthError error) => new(error);

    public static implicit operator AuthResult(AuthError error) => new(error);
}
