using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OrleansAuth.Runtime.Cluster;

/// <summary>
/// A silo's identity: the endpoint other nodes reach it on plus a generation that is new for every process start,
/// so a restarted process on the same port is a different silo (DESIGN.md §1, Membership).
/// </summary>
/// <param name="Host">Advertised address (an IP literal or host name).</param>
/// <param name="Port">Silo-to-silo/client port.</param>
/// <param name="Generation">Positive, increasing per start on the same endpoint (start time in ms since epoch).</param>
public readonly record struct SiloAddress(string Host, int Port, long Generation) : ISpanFormattable
{
    /// <summary>A new generation for a process starting now.</summary>
    public static long NewGeneration(TimeProvider timeProvider) => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Whether <paramref name="other"/> is the same endpoint, whatever its generation.</summary>
    public bool IsSameEndpoint(SiloAddress other) =>
        Port == other.Port && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase);

    /// <summary>Formats as <c>host:port@generation</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}@{Generation}");

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{Host}:{Port}@{Generation}", out charsWritten);

    /// <summary>Parses the <c>host:port@generation</c> form written by <see cref="ToString()"/>.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SiloAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var at = value.LastIndexOf('@');
        var colon = at < 0 ? -1 : value.LastIndexOf(':', at);
        if (colon <= 0
            || !int.TryParse(value.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535
            || !long.TryParse(value.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            || generation <= 0)
        {
            return false;
        }

        address = new SiloAddress(value[..colon], port, generation);
        return true;
    }
}
