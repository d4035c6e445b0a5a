using System.Net;
using System.Net.Sockets;

namespace OrleansAuth.Api.Tests.Hostile;

/// <summary>
/// A minimal HTTP/1.1 client over a plain socket: sends the request's bytes as they are and reads the answer until the
/// server closes the connection (every corpus request says <c>Connection: close</c>).
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse?> SendAsync(Uri server, HostileRequest request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, server.Port, cancellationToken);
        try
        {
            await socket.SendAsync(request.Bytes, SocketFlags.None, cancellationToken);
            if (request.CloseAfterSend)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException)
        {
            // The server may answer (and close) before it read a large body; what it answered is still read below.
        }

        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException) when (received.Length > 0)
        {
            // A reset after a complete answer (the server closed with unread request bytes): keep the answer.
        }

        return received.Length == 0 ? null : RawResponse.Parse(received.ToArray());
    }
}
