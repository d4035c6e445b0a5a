using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansAuth.Hosting.Tests.Events;

/// <summary>
/// A real webhook receiver: Kestrel on 127.0.0.1 and a free port. Records every attempt (body, signature check, what
/// it answered) and answers 503 while <see cref="Failing"/>, or once it has acknowledged <see cref="AckLimit"/> events.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Secret = "0123456789abcdef0123456789abcdef-test-secret";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<ReceivedAttempt> _attempts = [];

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>While true every POST is answered 503.</summary>
    public bool Failing { get; set; }

    /// <summary>When set, POSTs beyond this many acknowledged ones are answered 503.</summary>
    public int? AckLimit { get; set; }

    public IReadOnlyList<ReceivedAttempt> Attempts
    {
        get
        {
            lock (_lock)
            {
                return [.. _attempts];
            }
        }
    }

    /// <summary>The attempts answered 2xx, in the order they were answered.</summary>
    public IReadOnlyList<ReceivedAttempt> Acknowledged => [.. Attempts.Where(a => a.Acknowledged)];

    /// <summary>Listens on <paramref name="port"/> (0: a free one), for example the port of a receiver that was stopped.</summary>
    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", (Delegate)receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = address + "/hook";
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var signature = context.Request.Headers["X-Signature"].ToString();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        lock (_lock)
        {
            var acknowledged = !Failing && (AckLimit is not { } limit || _attempts.Count(a => a.Acknowledged) < limit);
            _attempts.Add(new ReceivedAttempt(
                root.GetProperty("id").GetGuid(),
                root.GetProperty("type").GetString()!,
                root.GetProperty("occurred_at").GetDateTimeOffset(),
                root.GetProperty("data").GetRawText(),
                context.Request.ContentType,
                string.Equals(signature, expected, StringComparison.Ordinal),
                acknowledged));
            return acknowledged ? Results.Ok() : Results.StatusCode((int)HttpStatusCode.ServiceUnavailable);
        }
    }
}

/// <summary>One POST the receiver saw.</summary>
public sealed record ReceivedAttempt(Guid Id, string Type, DateTimeOffset OccurredAt, string Data, string? ContentType, bool SignatureValid, bool Acknowledged)
{
    public string Member(string name) => JsonDocument.Parse(Data).RootElement.GetProperty(name).ToString();
}
