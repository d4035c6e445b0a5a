namespace OrleansAuth.Api.RateLimiting;

/// <summary>The rate-limited endpoint groups of DESIGN.md §4; each is a policy with its own per-address budget.</summary>
internal static class RateLimitPolicies
{
    public const string Register = "register";
    public const string Login = "login";
    public const string Refresh = "refresh";
    public const string Forgot = "forgot";

    public static IReadOnlyList<string> All { get; } = [Register, Login, Refresh, Forgot];
}
