using Microsoft.Extensions.Logging;

namespace OrleansAuth.Hosting.Tests.Infrastructure;

public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Scope);
