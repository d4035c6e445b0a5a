using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Hosting.Cluster;

/// <summary>The PostgreSQL database that holds the Orleans membership table of a cluster (silos and clients alike).</summary>
public static class ClusterDatabase
{
    /// <summary>ADO.NET invariant of Npgsql, as Orleans' ADO.NET providers name it.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// <c>ConnectionStrings:AuthDb</c>, provided <c>Storage:Provider</c> is <c>postgres</c>: ADO.NET clustering needs a
    /// database every node reaches, which an embedded SQLite file is not.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration)
    {
        var provider = configuration["Storage:Provider"] ?? StorageOptions.SqliteProvider;
        if (!string.Equals(provider.Trim(), StorageOptions.PostgresProvider, StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException(
                "Storage:Provider",
                typeof(StorageOptions),
                [$"Storage:Provider must be '{StorageOptions.PostgresProvider}' for a cluster (silo or Cluster:Mode=client); was '{provider}'."]);
        }

        return configuration.GetConnectionString("AuthDb") is { Length: > 0 } connectionString
            ? connectionString
            : throw new OptionsValidationException("ConnectionStrings:AuthDb", typeof(StorageOptions), ["ConnectionStrings:AuthDb must be set for a cluster."]);
    }

    /// <summary><c>Cluster:ClusterId</c>, Orleans' cluster id and service id alike; default <c>dev</c>.</summary>
    public static string ClusterId(IConfiguration configuration) =>
        configuration["Cluster:ClusterId"] is { Length: > 0 } id ? id : StorageOptions.DefaultClusterId;

    /// <summary>An IP address as is; a host name (for example a compose service name) resolved to its first IPv4 address.</summary>
    public static IPAddress ResolveAddress(string address)
    {
        if (IPAddress.TryParse(address, out var parsed))
        {
            return parsed;
        }

        var addresses = Dns.GetHostAddresses(address);
        return addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new OptionsValidationException("Silo:AdvertisedAddress", typeof(string), [$"Silo:AdvertisedAddress '{address}' does not resolve to an address."]);
    }
}
