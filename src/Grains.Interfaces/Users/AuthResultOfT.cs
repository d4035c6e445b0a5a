using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>Outcome of an operation: a <see cref="Value"/> on success, else an <see cref="AuthError"/>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.AuthResult`1")]
public sealed record AuthResult<T>(T? Value = null, AuthError? Error = null)
    where T : class
{
    [JsonIgnore]
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null && Value is not null;

    public static AuthResult<T> Ok(T value) => new(value);

    public static AuthResult<T> Fail(AuthError error) => new(null, error);

    public static implicit operator AuthResult<T>(T value) => new(value);

    public static implicit operator AuthResult<T>(AuthError error) => new(null, error);
}
