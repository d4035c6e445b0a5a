using Microsoft.Extensions.Options;

namespace OrleansAuth.Runtime.Cluster;

/// <summary>The identity from <see cref="SiloOptions"/>: advertised address and configured port, a generation from the start time.</summary>
internal sealed class LocalSiloDetails : ILocalSiloDetails
{
    private readonly Lazy<(SiloAddress Address, string Name)> _identity;

    public LocalSiloDetails(IOptions<SiloOptions> options, TimeProvider timeProvider)
    {
        _identity = new(() =>
        {
            var silo = options.Value;
            if (silo.Port is < 1 or > 65535)
            {
                throw new InvalidOperationException(
                    $"{SiloOptions.SectionName}:{nameof(SiloOptions.Port)} is {silo.Port}; membership needs the port other silos reach this one on "
                    + "(1-65535), or a silo transport that reports the port it bound.");
            }

            if (string.IsNullOrWhiteSpace(silo.AdvertisedAddress))
            {
                throw new InvalidOperationException($"{SiloOptions.SectionName}:{nameof(SiloOptions.AdvertisedAddress)} must be set.");
            }

            var address = new SiloAddress(silo.AdvertisedAddress, silo.Port, SiloAddress.NewGeneration(timeProvider));
            return (address, string.IsNullOrWhiteSpace(silo.Name) ? $"{Environment.MachineName}:{silo.Port}" : silo.Name);
        });
    }

    public SiloAddress SiloAddress => _identity.Value.Address;

    public string Name => _identity.Value.Name;
}
