using Microsoft.Extensions.Options;

namespace OrleansAuth.Runtime.Cluster;

internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(options.Port)} must be between 0 and 65535 (was {options.Port}).");
        }

        if (string.IsNullOrWhiteSpace(options.AdvertisedAddress))
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(options.AdvertisedAddress)} must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
