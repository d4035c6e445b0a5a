using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Api.Tests.Infrastructure;

/// <summary>
/// Reads what the grains recorded in the events outbox: how verification and reset tokens reach users until webhook
/// delivery exists.
/// </summary>
public static class EventLog
{
    public static async Task<IReadOnlyList<GrainEvent>> ReadAsync(ApiHost host, string email)
    {
        Assert.True(EmailAddress.TryNormalize(email, out var key));
        var store = host.Services.GetRequiredService<IGrainEventStore>();
        var events = await store.ReadGrainAsync(new GrainRowKey("user", key), CancellationToken.None);
        return [.. events.Select(stored => stored.Event)];
    }

    /// <summary>The <paramref name="field"/> of the newest event of <paramref name="type"/> for this account.</summary>
    public static async Task<string> LatestAsync(ApiHost host, string email, string type, string field)
    {
        var latest = (await ReadAsync(host, email)).LastOrDefault(e => e.Type == type);
        Assert.True(latest is not null, $"No {type} event for {email}.");
        using var data = JsonDocument.Parse(latest.Data);
        return data.RootElement.GetProperty(field).GetString()!;
    }

    public static Task<string> VerificationTokenAsync(ApiHost host, string email)
        => LatestAsync(host, email, "user.registered", "verification_token");

    public static Task<string> ResetTokenAsync(ApiHost host, string email)
        => LatestAsync(host, email, "user.password_reset_requested", "reset_token");
}
