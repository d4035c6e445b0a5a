using System.Text.Json;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Grains.Tests.Infrastructure;

/// <summary>Helpers shared by the user grain tests.</summary>
public static class TestUsers
{
    /// <summary>Not on the common-password list, long enough, not derived from any test email.</summary>
    public const string Password = "correct horse battery staple 42";

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    public static async Task<UserProfile> RegisterAsync(UserSilo silo, string email, string password = Password)
    {
        var result = await silo.User(email).RegisterAsync(password);
        Assert.True(result.Succeeded, $"Registration failed: {result.Error}");
        return result.Value;
    }

    public static async Task<SessionGrant> LoginAsync(UserSilo silo, string email, string password = Password)
    {
        var result = await silo.User(email).LoginAsync(new LoginRequest(password, "test-agent", "127.0.0.1"));
        Assert.True(result.Succeeded, $"Login failed: {result.Error}");
        return result.Value;
    }

    /// <summary>A string member of the newest event of <paramref name="type"/>.</summary>
    public static string EventData(IEnumerable<StoredGrainEvent> events, string type, string member) =>
        JsonDocument.Parse(events.Last(e => e.Event.Type == type).Event.Data).RootElement.GetProperty(member).GetString()!;

    public static List<string> Types(IEnumerable<StoredGrainEvent> events) => [.. events.Select(e => e.Event.Type)];
}
