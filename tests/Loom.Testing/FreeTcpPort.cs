using System.Net;
using System.Net.Sockets;

namespace Loom.Testing;

/// <summary>Loopback ports that are free now, for processes the tests start to bind a moment later.</summary>
public static class FreeTcpPort
{
    /// <summary>A port no one listens on now; another process taking it in between makes the start fail with that process's error.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
