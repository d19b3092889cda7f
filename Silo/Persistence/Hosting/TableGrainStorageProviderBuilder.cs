using Loom.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.Providers;

[assembly: RegisterProvider("LoomTables", "GrainStorage", "Silo", typeof(TableGrainStorageProviderBuilder))]

namespace Loom.Silo.Hosting;

/// <summary>Lets configuration select Loom's table grain storage: <c>Orleans:GrainStorage:{name}:ProviderType = LoomTables</c>.</summary>
internal sealed class TableGrainStorageProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection) =>
        builder.AddLoomTableGrainStorage(name ?? ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, options =>
        {
            if (configurationSection[nameof(options.TableName)] is { Length: > 0 } tableName)
            {
                options.TableName = tableName;
            }
        });
}
