using System.Collections.Immutable;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>An expected failure: stable code, a message safe to show, and the details some codes carry.</summary>
/// <param name="Code">What failed.</param>
/// <param name="Message">Human-readable, safe to return to the client (never says whether an email exists).</param>
/// <param name="RetryAfter">For <see cref="AuthErrorCode.AccountLocked"/>: how long until the lock ends.</param>
/// <param name="FieldErrors">For <see cref="AuthErrorCode.ValidationError"/> and <see cref="AuthErrorCode.WeakPassword"/>: per-field messages.</param>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.AuthError")]
public sealed record AuthError(
    AuthErrorCode Code,
    string Message,
    TimeSpan? RetryAfter = null,
    ImmutableArray<FieldError>? FieldErrors = null);
