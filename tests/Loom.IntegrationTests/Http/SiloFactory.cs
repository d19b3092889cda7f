using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Loom.Silo.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Loom.IntegrationTests.Http;

/// <summary>
/// The real silo host (the Silo project's Program, found through a type of its assembly), on free
/// Orleans ports, with its HTTP API served in memory.
/// </summary>
public sealed class SiloFactory : WebApplicationFactory<LoomSiloOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Loom:Silo:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Loom:Silo:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
