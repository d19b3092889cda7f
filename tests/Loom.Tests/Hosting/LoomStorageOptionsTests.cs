using Loom.Silo.Hosting;
using Loom.Silo.Storage.AzureTables;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;
using Loom.Storage.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.Tests.Hosting;

public sealed class LoomStorageOptionsTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void Without_settings_the_silo_keeps_everything_in_a_sqlite_file_under_dot_loom()
    {
        var options = LoomStorageOptions.From(Configuration());

        Assert.Equal(LoomStorageProvider.Embedded, options.Provider);
        Assert.Equal(Path.Combine(".loom", "loom.db"), options.Sqlite.Path);
        Assert.Equal(SqliteDurability.Normal, options.Sqlite.Durability);
    }

    [Theory]
    [InlineData("inmemory", LoomStorageProvider.InMemory)]
    [InlineData("Embedded", LoomStorageProvider.Embedded)]
    [InlineData("AZURESTORAGE", LoomStorageProvider.AzureStorage)]
    public void The_provider_is_read_whatever_its_case(string value, LoomStorageProvider provider)
    {
        var options = LoomStorageOptions.From(Configuration(("Loom:Storage:Provider", value), ("Loom:Storage:Azure:ConnectionString", "UseDevelopmentStorage=true")));

        Assert.Equal(provider, options.Provider);
    }

    [Theory]
    [InlineData("Sqlite", "Loom:Storage:Provider is 'Sqlite'; use Embedded, AzureStorage, InMemory.")]
    [InlineData("", "Loom:Storage:Provider is ''; use Embedded, AzureStorage, InMemory.")]
    public void An_unknown_provider_names_the_setting_and_the_choices(string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => LoomStorageOptions.From(Configuration(("Loom:Storage:Provider", value))));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Embedded_storage_refuses_an_empty_path_and_an_unknown_durability()
    {
        var path = Assert.Throws<InvalidOperationException>(() => LoomStorageOptions.From(Configuration(("Loom:Storage:Sqlite:Path", " "))));
        var durability = Assert.Throws<InvalidOperationException>(() => LoomStorageOptions.From(Configuration(("Loom:Storage:Sqlite:Durability", "Paranoid"))));

        Assert.Contains("Loom:Storage:Sqlite:Path", path.Message, StringComparison.Ordinal);
        Assert.Contains("Loom:Storage:Sqlite:Durability", durability.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_storage_needs_a_connection_string_or_a_service_uri_and_only_then()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LoomStorageOptions.From(Configuration(("Loom:Storage:Provider", "AzureStorage"))));
        var unused = LoomStorageOptions.From(Configuration(("Loom:Storage:Provider", "InMemory"), ("Loom:Storage:Sqlite:Path", "")));

        Assert.Contains("Loom:Storage:Azure:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Equal(LoomStorageProvider.InMemory, unused.Provider);
    }

    [Fact]
    public async Task Each_provider_registers_its_adapter()
    {
        var directory = Path.Combine(Path.GetTempPath(), "loom-storage-options", Guid.NewGuid().ToString("N"));
        try
        {
            var embedded = new LoomStorageOptions { Sqlite = { Path = Path.Combine(directory, "loom.db") } };
            var azure = new LoomStorageOptions { Provider = LoomStorageProvider.AzureStorage, Azure = { ConnectionString = "UseDevelopmentStorage=true" } };
            var memory = new LoomStorageOptions { Provider = LoomStorageProvider.InMemory };

            Assert.Equal(typeof(SqliteTableStoreFactory), await ResolveAsync(embedded));
            Assert.Equal(typeof(AzureTableStoreFactory), await ResolveAsync(azure));
            Assert.Equal(typeof(InMemoryTableStoreFactory), await ResolveAsync(memory));
            Assert.True(File.Exists(embedded.Sqlite.Path));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<Type> ResolveAsync(LoomStorageOptions options)
    {
        await using var services = new ServiceCollection().AddLogging().AddLoomTableStorage(options).BuildServiceProvider();
        return services.GetRequiredService<ITableStoreFactory>().GetType();
    }
}
