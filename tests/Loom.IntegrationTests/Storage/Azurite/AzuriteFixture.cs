using Loom.Testing.Azurite;

namespace Loom.IntegrationTests.Storage.Azurite;

/// <summary>One Azurite emulator for a test collection, stopped with it.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteEmulator? _emulator;

    /// <summary>A connection string for all three services of the running emulator.</summary>
    public string ConnectionString => _emulator?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() => _emulator = await AzuriteEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
