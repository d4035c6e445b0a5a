using Microsoft.Extensions.Options;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Grains;

/// <summary>Refuses <see cref="AuthOptions"/> that would be unsafe or unworkable; every message names its key.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    // Bounded so that ending every session of an account stays one write with a bounded number of events.
    internal const int MaxSessionsLimit = 90;

    private const string Section = AuthOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        Positive(failures, $"{Section}:{nameof(options.RefreshTokenLifetime)}", options.RefreshTokenLifetime);
        Positive(failures, $"{Section}:{nameof(options.EmailVerificationTokenLifetime)}", options.EmailVerificationTokenLifetime);
        Positive(failures, $"{Section}:{nameof(options.PasswordResetTokenLifetime)}", options.PasswordResetTokenLifetime);
        if (options.RefreshReuseLeeway < TimeSpan.Zero || options.RefreshReuseLeeway > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Section}:{nameof(options.RefreshReuseLeeway)} must be between 00:00:00 and 00:05:00 (was {options.RefreshReuseLeeway}); a longer grace keeps stolen refresh tokens usable.");
        }

        if (options.MaxSessionsPerUser is < 1 or > MaxSessionsLimit)
        {
            failures.Add($"{Section}:{nameof(options.MaxSessionsPerUser)} must be between 1 and {MaxSessionsLimit} (was {options.MaxSessionsPerUser}).");
        }

        for (var i = 0; i < options.AdminEmails.Count; i++)
        {
            if (!EmailAddress.TryNormalize(options.AdminEmails[i], out _, out var error))
            {
                failures.Add($"{Section}:{nameof(options.AdminEmails)}:{i} is not a usable email: {error}");
            }
        }

        ValidateLockout(failures, options.Lockout);
        ValidateHashing(failures, options.PasswordHashing);
        ValidatePolicy(failures, options.PasswordPolicy);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateLockout(List<string> failures, LockoutOptions lockout)
    {
        const string Prefix = $"{Section}:{nameof(AuthOptions.Lockout)}";
        if (lockout.MaxFailures is < 1 or > 100)
        {
            failures.Add($"{Prefix}:{nameof(lockout.MaxFailures)} must be between 1 and 100 (was {lockout.MaxFailures}).");
        }

        Positive(failures, $"{Prefix}:{nameof(lockout.BaseDuration)}", lockout.BaseDuration);
        if (lockout.MaxDuration < lockout.BaseDuration)
        {
            failures.Add($"{Prefix}:{nameof(lockout.MaxDuration)} must be at least {Prefix}:{nameof(lockout.BaseDuration)} (was {lockout.MaxDuration} < {lockout.BaseDuration}).");
        }
    }

    private static void ValidateHashing(List<string> failures, PasswordHashingOptions hashing)
    {
        const string Prefix = $"{Section}:{nameof(AuthOptions.PasswordHashing)}";
        if (!Enum.IsDefined(hashing.Algorithm))
        {
            failures.Add($"{Prefix}:{nameof(hashing.Algorithm)} must be {PasswordHashAlgorithm.Argon2id} or {PasswordHashAlgorithm.Pbkdf2Sha512} (was {hashing.Algorithm}).");
        }

        Range(failures, $"{Prefix}:{nameof(hashing.Argon2MemoryKib)}", hashing.Argon2MemoryKib, PasswordHashingOptions.MinArgon2MemoryKib, 4 * 1024 * 1024, "OWASP minimum 19 MiB");
        Range(failures, $"{Prefix}:{nameof(hashing.Argon2Iterations)}", hashing.Argon2Iterations, PasswordHashingOptions.MinArgon2Iterations, 100, "OWASP minimum");
        Range(failures, $"{Prefix}:{nameof(hashing.Argon2Parallelism)}", hashing.Argon2Parallelism, 1, 64, null);
        Range(failures, $"{Prefix}:{nameof(hashing.Pbkdf2Iterations)}", hashing.Pbkdf2Iterations, PasswordHashingOptions.MinPbkdf2Iterations, 100_000_000, "OWASP minimum for PBKDF2-HMAC-SHA512");
        Range(failures, $"{Prefix}:{nameof(hashing.MaxConcurrentHashes)}", hashing.MaxConcurrentHashes, 1, 1024, null);
    }

    private static void ValidatePolicy(List<string> failures, PasswordPolicyOptions policy)
    {
        const string Prefix = $"{Section}:{nameof(AuthOptions.PasswordPolicy)}";
        Range(failures, $"{Prefix}:{nameof(policy.MinLength)}", policy.MinLength, PasswordPolicyOptions.MinimumLength, PasswordPolicyOptions.MaximumLength, null);
        Range(failures, $"{Prefix}:{nameof(policy.MaxLength)}", policy.MaxLength, PasswordPolicyOptions.MinimumLength, PasswordPolicyOptions.MaximumLength, null);
        if (policy.MaxLength < policy.MinLength)
        {
            failures.Add($"{Prefix}:{nameof(policy.MaxLength)} must be at least {Prefix}:{nameof(policy.MinLength)} (was {policy.MaxLength} < {policy.MinLength}).");
        }
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key} must be a positive duration (was {value}).");
        }
    }

    private static void Range(List<string> failures, string key, int value, int min, int max, string? why)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} must be between {min} and {max}{(why is null ? string.Empty : $" ({why})")} (was {value}).");
        }
    }
}
