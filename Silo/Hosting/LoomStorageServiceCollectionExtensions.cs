using Loom.Silo.Storage.AzureTables;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;
using Loom.Storage.InMemory;
using Microsoft.Extensions.Options;

namespace Loom.Silo.Hosting;

/// <summary>Registers the table port's adapter a <see cref="LoomStorageOptions"/> preset names.</summary>
public static class LoomStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the silo's <see cref="ITableStoreFactory"/>: a SQLite file, Azure Table Storage or
    /// process memory. The container disposes it after the silo stops, so queued writes are committed.
    /// </summary>
    public static IServiceCollection AddLoomTableStorage(this IServiceCollection services, LoomStorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.Provider switch
        {
            LoomStorageProvider.Embedded => services
                .AddSingleton(Options.Create(storage.Sqlite))
                .AddSingleton<ITableStoreFactory, SqliteTableStoreFactory>(),
            LoomStorageProvider.AzureStorage => services
                .AddSingleton<ITableStoreFactory>(_ => new AzureTableStoreFactory(AzureTableServiceClientFactory.Create(storage.Azure))),
            _ => services.AddSingleton<ITableStoreFactory, InMemoryTableStoreFactory>(),
        };
    }
}
