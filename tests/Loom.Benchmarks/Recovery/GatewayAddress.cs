using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Loom.Benchmarks.Recovery;

/// <summary>
/// The address a silo's gateway accepts connections on. In embedded mode the silo listens on loopback; with
/// Azure Storage it advertises, and listens on, an address of this host that Orleans picks.
/// </summary>
public static class GatewayAddress
{
    /// <exception cref="InvalidOperationException">No address of this host accepts connections on <paramref name="port"/>.</exception>
    public static async Task<IPAddress> FindAsync(int port)
    {
        var candidates = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork)
            .OrderByDescending(IPAddress.IsLoopback);
        foreach (var address in candidates)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(address, port).WaitAsync(TimeSpan.FromSeconds(2));
                return address;
            }
            catch (Exception e) when (e is SocketException or TimeoutException)
            {
                // Not listening there; the next address may be the one.
            }
        }

        throw new InvalidOperationException($"No IPv4 address of this host accepts connections on gateway port {port}.");
    }
}
