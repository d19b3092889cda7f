using System.Net;
using System.Net.Sockets;

namespace Loom.Testing.Processes;

/// <summary>The three ports one silo process listens on: HTTP (health and API), silo-to-silo and gateway.</summary>
/// <param name="Http">The HTTP port.</param>
/// <param name="Silo">The silo-to-silo port.</param>
/// <param name="Gateway">The gateway port clients connect to.</param>
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
