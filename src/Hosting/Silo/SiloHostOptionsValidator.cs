using System.Net;
using Microsoft.Extensions.Options;

namespace OrleansAuth.Hosting.Silo;

internal sealed class SiloHostOptionsValidator : IValidateOptions<SiloHostOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloHostOptions options)
    {
        var failures = new OptionsFailures(SiloHostOptions.SectionName);
        RequirePort(failures, nameof(options.Port), options.Port);
        RequirePort(failures, nameof(options.GatewayPort), options.GatewayPort);
        if (string.IsNullOrWhiteSpace(options.AdvertisedAddress))
        {
            failures.Add("Silo:AdvertisedAddress must be an IP address or a host name.");
        }

        return failures.Result();
    }

    private static void RequirePort(OptionsFailures failures, string key, int port)
    {
        if (port is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"Silo:{key} must be a port from 0 to {IPEndPoint.MaxPort} (was {port}).");
        }
    }
}
