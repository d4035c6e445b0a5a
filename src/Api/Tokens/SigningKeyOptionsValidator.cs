using Microsoft.Extensions.Options;

namespace OrleansAuth.Api.Tokens;

/// <summary>
/// Fails start with messages that name the configuration key to fix. Outside Development a missing encryption key
/// is refused: a production database must never hold usable private signing keys in clear text.
/// </summary>
internal sealed class SigningKeyOptionsValidator(IHostEnvironment environment) : IValidateOptions<SigningKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, SigningKeyOptions options)
    {
        var failures = new List<string>();
        if (options.RefreshInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"Auth:SigningKeys:RefreshInterval must be at least 00:00:01 (was {options.RefreshInterval}).");
        }

        if (options.PublishAhead <= options.RefreshInterval)
        {
            failures.Add($"Auth:SigningKeys:PublishAhead must be longer than Auth:SigningKeys:RefreshInterval (was {options.PublishAhead}), so every node knows a key before it signs.");
        }

        if (options.RotationInterval <= options.PublishAhead)
        {
            failures.Add($"Auth:SigningKeys:RotationInterval must be longer than Auth:SigningKeys:PublishAhead (was {options.RotationInterval}).");
        }

        if (string.IsNullOrEmpty(options.EncryptionKey))
        {
            if (!environment.IsDevelopment())
            {
                failures.Add(
                    $"Auth:SigningKeys:EncryptionKey is required in the {environment.EnvironmentName} environment: signing keys are stored "
                    + "in the database and must be sealed there. Set it to base64 of 32 random bytes (e.g. `openssl rand -base64 32`), "
                    + "the same on every node.");
            }
        }
        else if (!SigningKeyProtector.TryParseKey(options.EncryptionKey, out _))
        {
            failures.Add("Auth:SigningKeys:EncryptionKey must be base64 of exactly 32 bytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
