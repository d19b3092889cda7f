using Loom.Silo.Reminders;
using Loom.Storage;
using Loom.Storage.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Timers;

namespace Loom.IntegrationTests.Reminders;

/// <summary>Configuration alone (Orleans:Reminders:ProviderType) selects the table reminder provider.</summary>
public sealed class RemindersConfigurationTests
{
    [Fact]
    public void A_silo_configured_for_LoomTables_keeps_reminders_in_the_configured_table()
    {
        using var host = Build("LoomRemindersA");

        Assert.IsType<TableReminderTable>(host.Services.GetRequiredService<IReminderTable>());
        Assert.Equal("LoomRemindersA", host.Services.GetRequiredService<IOptions<TableReminderOptions>>().Value.TableName);
        Assert.True(host.Services.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IReminderRegistry)), "the reminder service is added too");
    }

    [Fact]
    public void A_table_name_azure_would_refuse_fails_validation_naming_the_setting()
    {
        using var host = Build("1starts-with-a-digit");

        var errors = host.Services.GetServices<IConfigurationValidator>().Select(validator => Record.Exception(validator.ValidateConfiguration)).OfType<OrleansConfigurationException>();

        Assert.Contains(errors, error => error.Message.Contains("TableReminderOptions.TableName (Orleans:Reminders:TableName in configuration) '1starts-with-a-digit'", StringComparison.Ordinal));
    }

    private static IHost Build(string tableName)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = "configured",
            ["Orleans:ServiceId"] = "configured",
            ["Orleans:Reminders:ProviderType"] = "LoomTables",
            ["Orleans:Reminders:TableName"] = tableName,
        });
        builder.Services.AddSingleton<ITableStoreFactory>(new InMemoryTableStoreFactory());
        builder.UseOrleans(_ => { });
        return builder.Build();
    }
}
