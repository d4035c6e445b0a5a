using System.Text;

namespace OrleansAuth.Api.Tests.Hostile;

/// <summary>
/// One request of the hostile corpus, as the exact bytes that go on the wire (so that what HttpClient would refuse to
/// send — CR/LF in a header, a lying Content-Length, a method with spaces — reaches the server).
/// </summary>
/// <param name="Category">What kind of hostility (for the per-category counts).</param>
/// <param name="Description">Enough to reproduce a failure by hand.</param>
/// <param name="Method">The request method (may be absurd).</param>
/// <param name="Bytes">The whole HTTP/1.1 request.</param>
/// <param name="CloseAfterSend">Half-close after sending: the body is shorter than announced and nothing more will come.</param>
public sealed record HostileRequest(string Category, string Description, string Method, byte[] Bytes, bool CloseAfterSend = false)
{
    /// <summary>Builds a request with <c>Connection: close</c> and, when there is a body, its true Content-Length.</summary>
    public static HostileRequest Create(
        string category,
        string method,
        string target,
        byte[]? body = null,
        string? contentType = "application/json",
        IEnumerable<(string Name, string Value)>? headers = null,
        bool contentLength = true,
        string? description = null)
    {
        var head = new StringBuilder();
        head.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers ?? [])
        {
            names.Add(name);
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (!names.Contains("Host"))
        {
            head.Append("Host: 127.0.0.1\r\n");
        }

        head.Append("Connection: close\r\n");
        if (body is not null && contentType is not null)
        {
            head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }

        if (body is not null && contentLength && !names.Contains("Content-Length") && !names.Contains("Transfer-Encoding"))
        {
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("\r\n");

        // Header bytes as Latin-1 so that a test can put any octet there; UTF-8 callers pre-encode.
        var bytes = Encoding.Latin1.GetBytes(head.ToString());
        return new HostileRequest(category, description ?? $"{method} {target}", method, body is null ? bytes : [.. bytes, .. body]);
    }
}
