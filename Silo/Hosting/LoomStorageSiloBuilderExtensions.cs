using System.Net;
using Loom.Silo.Clustering;
using Loom.Silo.Reminders;

namespace Loom.Silo.Hosting;

/// <summary>Applies the <c>Loom:Storage</c> preset to a silo.</summary>
public static class LoomStorageSiloBuilderExtensions
{
    /// <summary>
    /// Puts grain state, transactional state, reminders and cluster membership on the table port (in
    /// embedded mode all in the one SQLite file, the silo on loopback); the in-memory preset uses
    /// Orleans' localhost clustering. Each is
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
            switch (storage.Provider)
            {
                case LoomStorageProvider.AzureStorage:
                    builder.UseLoomTableClustering().ConfigureEndpoints(silo.SiloPort, silo.GatewayPort);
                    break;
                case LoomStorageProvider.Embedded:
                    // Membership in the same file: a silo restarted after a crash finds its former self and declares it dead.
                    builder.UseLoomTableClustering().ConfigureEndpoints(IPAddress.Loopback, silo.SiloPort, silo.GatewayPort);
                    break;
                default:
                    builder.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort);
                    break;
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
