using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>
/// Source-generated JSON metadata for every argument and return type of the grain interfaces in this assembly, so the
/// network transport serializes grain calls without reflection. A new grain method type must be listed here.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(ResetPasswordRequest))]
[JsonSerializable(typeof(AccountUpdate))]
[JsonSerializable(typeof(AccountDeletion))]
[JsonSerializable(typeof(AuthResult))]
[JsonSerializable(typeof(AuthResult<UserProfile>))]
[JsonSerializable(typeof(AuthResult<SessionGrant>))]
[JsonSerializable(typeof(AuthResult<SessionList>))]
[JsonSerializable(typeof(AuthResult<ActiveSession>))]
public sealed partial class GrainsJsonContext : JsonSerializerContext;
