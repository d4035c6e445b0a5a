using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Hosting.Events;

/// <summary>The body of a webhook POST, <c>{id, type, occurred_at, data}</c>, and its <c>X-Signature</c> header.</summary>
internal static class WebhookPayload
{
    public const string SignatureHeader = "X-Signature";
    public const string SignaturePrefix = "sha256=";

    /// <summary>UTF-8 JSON; <c>data</c> is the event's stored JSON object as it is (a string if it is not valid JSON).</summary>
    public static byte[] Serialize(GrainEvent grainEvent)
    {
        try
        {
            return Write(grainEvent, rawData: true);
        }
        catch (ArgumentException)
        {
            // Invalid stored JSON (SQLite does not check it) must not block the user's later events forever.
            return Write(grainEvent, rawData: false);
        }
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the exact body bytes.</summary>
    public static string Sign(ReadOnlySpan<byte> body, ReadOnlySpan<byte> key) =>
        SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    private static byte[] Write(GrainEvent grainEvent, bool rawData)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + grainEvent.Data.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", grainEvent.Id);
            writer.WriteString("type", grainEvent.Type);
            writer.WriteString("occurred_at", grainEvent.OccurredAt.UtcDateTime);
            writer.WritePropertyName("data");
            if (rawData)
            {
                writer.WriteRawValue(grainEvent.Data);
            }
            else
            {
                writer.WriteStringValue(grainEvent.Data);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
