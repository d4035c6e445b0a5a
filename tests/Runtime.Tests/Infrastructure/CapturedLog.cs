using Microsoft.Extensions.Logging;

namespace OrleansAuth.Runtime.Tests.Infrastructure;

public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Scope);
