using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Loom.IntegrationTests.Storage.Sqlite;
using Loom.Silo.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Loom.IntegrationTests.Http;

/// <summary>
/// The real silo host (the Silo project's Program, found through a type of its assembly), on free
/// Orleans ports, with its HTTP API served in memory and its default embedded store in a SQLite file
/// of its own (removed afterwards) or the one given.
/// </summary>
public sealed class SiloFactory : WebApplicationFactory<LoomSiloOptions>
{
    private readonly SqliteTempFile? _ownFile;

    public SiloFactory()
    {
        _ownFile = new SqliteTempFile();
        DatabasePath = _ownFile.Path;
    }

    private SiloFactory(string databasePath) => DatabasePath = databasePath;

    /// <summary>A silo on the given file, which outlives it: start a second lifetime on the file of the first.</summary>
    public static SiloFactory OnFile(string databasePath) => new(databasePath);

    /// <summary>The SQLite file the silo keeps its state in.</summary>
    public string DatabasePath { get; }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Loom:Silo:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Loom:Silo:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Loom:Storage:Sqlite:Path", DatabasePath);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _ownFile?.Dispose();
    }
}
