using System.Net;
using System.Net.Sockets;

namespace OrleansAuth.Hosting.Silo;

internal static class FreePort
{
    /// <summary>A port the OS just handed out on <paramref name="address"/>; used for configured port 0.</summary>
    public static int On(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
