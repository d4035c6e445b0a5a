using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansAuth.Api.Audit;
using OrleansAuth.Api.Auth.Requests;
using OrleansAuth.Api.Auth.Responses;
using OrleansAuth.Api.Discovery;
using OrleansAuth.Api.Health;
using OrleansAuth.Api.Users.Requests;
using OrleansAuth.Api.Users.Responses;

namespace OrleansAuth.Api.Json;

/// <summary>Source-generated (reflection-free) JSON for every body the API reads or writes, in snake_case.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(DiscoveryDocument))]
[JsonSerializable(typeof(JsonWebKeySetDocument))]
[JsonSerializable(typeof(RegisterBody))]
[JsonSerializable(typeof(EmailBody))]
[JsonSerializable(typeof(TokenBody))]
[JsonSerializable(typeof(LoginBody))]
[JsonSerializable(typeof(RefreshBody))]
[JsonSerializable(typeof(ChangePasswordBody))]
[JsonSerializable(typeof(ResetPasswordBody))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(EmailVerifiedResponse))]
[JsonSerializable(typeof(TokensResponse))]
[JsonSerializable(typeof(MeResponse))]
[JsonSerializable(typeof(SessionResponse[]))]
[JsonSerializable(typeof(TokenValidationResponse))]
[JsonSerializable(typeof(AuditPageResponse))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(UpdateUserBody))]
[JsonSerializable(typeof(AdminUserResponse))]
[JsonSerializable(typeof(UserListResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
