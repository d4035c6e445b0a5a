using Microsoft.Extensions.Options;

namespace OrleansAuth.Api.Tokens;

/// <summary>Fails start with messages that name the configuration key to fix.</summary>
internal sealed class AccessTokenOptionsValidator : IValidateOptions<AccessTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessTokenOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out var issuer)
            || (issuer.Scheme != Uri.UriSchemeHttps && issuer.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(issuer.Query)
            || !string.IsNullOrEmpty(issuer.Fragment))
        {
            failures.Add($"Auth:Issuer must be an absolute http or https URL without query or fragment (was '{options.Issuer}').");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Auth:Audience must not be empty.");
        }

        if (options.AccessTokenLifetime < TimeSpan.FromSeconds(1) || options.AccessTokenLifetime > TimeSpan.FromDays(1))
        {
            failures.Add($"Auth:AccessTokenLifetime must be between 00:00:01 and 1.00:00:00 (was {options.AccessTokenLifetime}).");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add($"Auth:ClockSkew must be between 00:00:00 and 00:05:00 (was {options.ClockSkew}).");
        }

        if (options.MaxAccessTokenBytes is < 1024 or > 65536)
        {
            failures.Add($"Auth:MaxAccessTokenBytes must be between 1024 and 65536 (was {options.MaxAccessTokenBytes}).");
        }

        if (options.VerifiedTokenCacheSize is < 0 or > 1_000_000)
        {
            failures.Add($"Auth:VerifiedTokenCacheSize must be between 0 and 1000000 (was {options.VerifiedTokenCacheSize}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
