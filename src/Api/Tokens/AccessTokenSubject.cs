namespace OrleansAuth.Api.Tokens;

/// <summary>Who an access token is for: the user, the session it belongs to, and the roles it carries.</summary>
internal sealed record AccessTokenSubject(string UserId, string Email, string SessionId, IReadOnlyList<string> Roles);
