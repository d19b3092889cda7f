using Loom.Silo.Clustering;
using Loom.Silo.Reminders;

namespace Loom.Silo.Hosting;

/// <summary>Applies the <c>Loom:Storage</c> preset to a silo.</summary>
public static class LoomStorageSiloBuilderExtensions
{
    /// <summary>
    /// Puts grain state, transactional state and reminders on the table port, and picks clustering:
    /// localhost for the embedded and in-memory presets, a membership table for Azure Storage. Each is
    /// applied only where Orleans' own configuration (<c>Orleans:Clustering</c>,
    /// <c>Orleans:GrainStorage:Default</c>, <c>Orleans:Reminders</c>) has not chosen a provider, so
    /// the preset is a default over those sections, not a second way to configure them.
    /// </summary>
    public static ISiloBuilder UseLoomStorage(this ISiloBuilder builder, LoomStorageOptions storage, LoomSiloOptions silo)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(silo);
        var orleans = builder.Configuration.GetSection("Orleans");
        if (string.IsNullOrEmpty(orleans["Clustering:ProviderType"]))
        {
            if (storage.Provider == LoomStorageProvider.AzureStorage)
            {
                builder.UseLoomTableClustering().ConfigureEndpoints(silo.SiloPort, silo.GatewayPort);
            }
            else
            {
                builder.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort);
            }
        }

        if (string.IsNullOrEmpty(orleans["GrainStorage:Default:ProviderType"]))
        {
            builder.AddLoomTableGrainStorageAsDefault();
        }

        if (string.IsNullOrEmpty(orleans["Reminders:ProviderType"]))
        {
            builder.UseLoomTableReminders();
        }

        return builder;
    }
}
