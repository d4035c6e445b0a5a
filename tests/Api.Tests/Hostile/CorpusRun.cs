using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace OrleansAuth.Api.Tests.Hostile;

/// <summary>
/// Sends a corpus to a running server (four requests at a time) and judges every answer: never 5xx, never silence
/// (unless the client itself broke off the request), no header echoed from the request, and every 4xx the
/// application produced is problem+json with a <c>code</c>. Answers Kestrel gives before the application sees the
/// request (malformed HTTP: no X-Request-ID) are counted separately; they have no body by Kestrel's design.
/// </summary>
public sealed class CorpusRun
{
    private readonly ConcurrentBag<string> _failures = [];
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private readonly ConcurrentDictionary<string, int> _codes = new(StringComparer.Ordinal);
    private int _protocolRejections;
    private int _versionRejections;

    public IReadOnlyCollection<string> Failures => _failures;

    public IReadOnlyDictionary<int, int> Statuses => _statuses;

    public IReadOnlyDictionary<string, int> Codes => _codes;

    public int ProtocolRejections => _protocolRejections;

    /// <summary>5xx answers of the application (Kestrel's 505 to an HTTP version it does not speak is counted apart).</summary>
    public int ServerErrors => _statuses.Where(pair => pair.Key >= 500).Sum(pair => pair.Value) - _versionRejections;

    /// <summary>Kestrel's 505 HTTP Version Not Supported to a request line whose version it does not speak: the status RFC 9110 §15.6.6 prescribes.</summary>
    public int VersionRejections => _versionRejections;

    public static async Task<CorpusRun> ExecuteAsync(Uri server, IReadOnlyList<HostileRequest> requests, Func<Task<string>> bearer, Action<HostileRequest, RawResponse?> observe)
    {
        var run = new CorpusRun();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, _) =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var sent = request;
            if (request.Bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(HostileCorpus.BearerPlaceholder)) >= 0)
            {
                var token = await bearer();
                sent = request with { Bytes = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(request.Bytes).Replace(HostileCorpus.BearerPlaceholder, token, StringComparison.Ordinal)) };
            }

            RawResponse? response;
            try
            {
                response = await RawHttp.SendAsync(server, sent, timeout.Token);
            }
            catch (System.Net.Sockets.SocketException) when (request.CloseAfterSend)
            {
                // The client broke the request off; the server may reset rather than answer a request that cannot complete.
                return;
            }
            catch (Exception exception) when (exception is OperationCanceledException or System.Net.Sockets.SocketException or InvalidDataException)
            {
                run._failures.Add($"{request.Category}: {request.Description}: {exception.GetType().Name} {exception.Message}");
                return;
            }

            observe(request, response);
            run.Judge(request, response);
        });
        return run;
    }

    private void Judge(HostileRequest request, RawResponse? response)
    {
        if (response is null)
        {
            if (!request.CloseAfterSend)
            {
                _failures.Add($"{request.Category}: {request.Description}: no response");
            }

            return;
        }

        _statuses.AddOrUpdate(response.Status, 1, (_, count) => count + 1);
        if (Check(request, response) is { } failure)
        {
            _failures.Add($"{request.Category}: {request.Description}: {failure}");
        }
    }

    private string? Check(HostileRequest request, RawResponse response)
    {
        var fromApplication = response.Headers.TryGetValue("x-request-id", out var requestId);
        // Kestrel reads the last 8 characters of a request line as the version: "HTTP/9.9", or "ashboard" in
        // "GET /dashboard" without a version, get 505 from the HTTP layer before any middleware runs.
        if (!fromApplication && response.Status == 505)
        {
            Interlocked.Increment(ref _versionRejections);
            Interlocked.Increment(ref _protocolRejections);
            return null;
        }

        if (response.Status >= 500)
        {
            return $"{response.Status} {Shorten(response.BodyText)}";
        }

        if (response.Headers.ContainsKey("set-cookie") || response.Headers.ContainsKey("x-injected"))
        {
            return "a header from the request was echoed into the response";
        }

        if (!fromApplication)
        {
            // Kestrel refused the request as malformed HTTP before any middleware ran.
            Interlocked.Increment(ref _protocolRejections);
            return response.Status is >= 400 and < 500 && response.Body.Length == 0 ? null : $"unexpected answer without X-Request-ID: {response.Status}";
        }

        if (!requestId!.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            return $"unsafe X-Request-ID echoed: {requestId}";
        }

        if (response.Status < 400)
        {
            return null;
        }

        if (response.ContentType != "application/problem+json")
        {
            return $"{response.Status} with Content-Type {response.ContentType ?? "(none)"}";
        }

        if (request.Method == "HEAD")
        {
            return null;
        }

        try
        {
            using var problem = JsonDocument.Parse(response.Body);
            var root = problem.RootElement;
            if (!root.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(code.GetString()))
            {
                return $"{response.Status} problem without code: {Shorten(response.BodyText)}";
            }

            _codes.AddOrUpdate(code.GetString()!, 1, (_, count) => count + 1);
            return root.TryGetProperty("status", out var status) && status.GetInt32() == response.Status
                ? null
                : $"problem status differs from HTTP status {response.Status}";
        }
        catch (JsonException)
        {
            return $"{response.Status} body is not JSON: {Shorten(response.BodyText)}";
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
