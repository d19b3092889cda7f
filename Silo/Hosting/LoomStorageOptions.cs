using Loom.Silo.Storage.AzureTables;
using Loom.Silo.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Loom.Silo.Hosting;

/// <summary>
/// The storage preset, bound from <c>Loom:Storage</c>: which adapter of the table port the silo uses,
/// and that adapter's settings (<c>Loom:Storage:Sqlite</c> or <c>Loom:Storage:Azure</c>).
/// </summary>
public sealed class LoomStorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Loom:Storage";

    /// <summary>The adapter. Default <see cref="LoomStorageProvider.Embedded"/>.</summary>
    public LoomStorageProvider Provider { get; set; } = LoomStorageProvider.Embedded;

    /// <summary>The embedded store's settings, used when <see cref="Provider"/> is Embedded.</summary>
    public SqliteStorageOptions Sqlite { get; set; } = new();

    /// <summary>The Azure store's settings, used when <see cref="Provider"/> is AzureStorage.</summary>
    public AzureTableStorageOptions Azure { get; set; } = new();

    /// <summary>Reads the preset from configuration and validates the part of it the chosen provider uses.</summary>
    /// <exception cref="InvalidOperationException">A setting cannot work; the message names it.</exception>
    public static LoomStorageOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var provider = section[nameof(Provider)];
        if (provider is not null && !Enum.TryParse<LoomStorageProvider>(provider, ignoreCase: true, out _))
        {
            throw new InvalidOperationException($"{Section}:{nameof(Provider)} is '{provider}'; use {string.Join(", ", Enum.GetNames<LoomStorageProvider>())}.");
        }

        var options = section.Get<LoomStorageOptions>() ?? new LoomStorageOptions();
        options.Validate();
        return options;
    }

    /// <summary>Fails with a message naming the setting when the chosen provider's settings cannot work.</summary>
    /// <exception cref="InvalidOperationException">A setting cannot work.</exception>
    public void Validate()
    {
        switch (Provider)
        {
            case LoomStorageProvider.Embedded:
                var result = new SqliteStorageOptionsValidator().Validate(Options.DefaultName, Sqlite);
                if (result.Failed)
                {
                    throw new InvalidOperationException(result.FailureMessage);
                }

                break;
            case LoomStorageProvider.AzureStorage:
                Azure.Validate();
                break;
            case LoomStorageProvider.InMemory:
                break;
            default:
                throw new InvalidOperationException($"{Section}:{nameof(Provider)} is {(int)Provider}; use {string.Join(", ", Enum.GetNames<LoomStorageProvider>())}.");
        }
    }
}
