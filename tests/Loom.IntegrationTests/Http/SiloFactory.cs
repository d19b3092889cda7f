using System.Globalization;
using Loom.IntegrationTests.Storage.Sqlite;
using Loom.Silo.Hosting;
using Loom.Testing;
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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Loom:Silo:SiloPort", FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Loom:Silo:GatewayPort", FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Loom:Storage:Sqlite:Path", DatabasePath);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _ownFile?.Dispose();
    }
}
