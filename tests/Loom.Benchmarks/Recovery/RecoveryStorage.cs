using Loom.Testing.Azurite;

namespace Loom.Benchmarks.Recovery;

/// <summary>
/// The store the three silos share (state, transactions, reminders and cluster membership): an embedded
/// SQLite file or the Azurite emulator, and the command-line settings that point a silo at it.
/// </summary>
public sealed class RecoveryStorage : IAsyncDisposable
{
    private readonly AzuriteEmulator? _azurite;

    private RecoveryStorage(string description, IReadOnlyList<string> siloArguments, AzuriteEmulator? azurite)
    {
        Description = description;
        SiloArguments = siloArguments;
        _azurite = azurite;
    }

    public string Description { get; }

    public IReadOnlyList<string> SiloArguments { get; }

    /// <exception cref="ArgumentException"><paramref name="kind"/> is neither sqlite nor azurite.</exception>
    public static async Task<RecoveryStorage> StartAsync(string kind, string folder)
    {
        switch (kind)
        {
            case "sqlite":
                var path = Path.Combine(folder, "loom.db");
                return new RecoveryStorage(
                    $"SQLite file {path}",
                    ["--Loom:Storage:Provider", "Embedded", "--Loom:Storage:Sqlite:Path", path],
                    azurite: null);
            case "azurite":
                var azurite = await AzuriteEmulator.StartAsync();
                return new RecoveryStorage(
                    "Azurite (in memory)",
                    ["--Loom:Storage:Provider", "AzureStorage", "--Loom:Storage:Azure:ConnectionString", azurite.ConnectionString],
                    azurite);
            default:
                throw new ArgumentException($"Storage '{kind}' is unknown; use sqlite or azurite.", nameof(kind));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
