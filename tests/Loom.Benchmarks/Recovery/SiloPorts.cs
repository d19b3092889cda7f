using System.Net;
using System.Net.Sockets;

namespace Loom.Benchmarks.Recovery;

/// <summary>The three ports one silo process listens on: HTTP (health and API), silo-to-silo and gateway.</summary>
public readonly record struct SiloPorts(int Http, int Silo, int Gateway)
{
    /// <summary>Three ports that are free now; the silo binds them a moment later.</summary>
    public static SiloPorts Free() => new(FreePort(), FreePort(), FreePort());

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
