using Loom.Silo.Storage.AzureTables;
using Microsoft.Extensions.Configuration;

namespace Loom.IntegrationTests.Storage.Azurite;

public sealed class AzureTableStorageOptionsTests
{
    private static AzureTableStorageOptions Bind(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>($"{AzureTableStorageOptions.Section}:{s.Key}", s.Value)))
            .Build()
            .GetSection(AzureTableStorageOptions.Section)
            .Get<AzureTableStorageOptions>() ?? new AzureTableStorageOptions();

    [Fact]
    public void Every_setting_binds_from_configuration()
    {
        var options = Bind(("ServiceUri", "https://loomtest.table.core.windows.net"), ("MaxRetries", "5"), ("NetworkTimeout", "00:00:07"));

        Assert.Equal(new Uri("https://loomtest.table.core.windows.net"), options.ServiceUri);
        Assert.Equal((5, TimeSpan.FromSeconds(7)), (options.MaxRetries, options.NetworkTimeout));
        Assert.Null(options.ConnectionString);
        options.Validate();
        Assert.Equal("UseDevelopmentStorage=true", Bind(("ConnectionString", "UseDevelopmentStorage=true")).ConnectionString);
    }

    [Fact]
    public void Neither_endpoint_names_both_settings()
    {
        var error = Assert.Throws<InvalidOperationException>(Bind().Validate);

        Assert.Equal("Neither Loom:Storage:Azure:ConnectionString nor Loom:Storage:Azure:ServiceUri is set; set one of them.", error.Message);
    }

    [Fact]
    public void Both_endpoints_name_both_settings()
    {
        var options = Bind(("ConnectionString", "UseDevelopmentStorage=true"), ("ServiceUri", "https://loomtest.table.core.windows.net"));

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.StartsWith("Loom:Storage:Azure:ConnectionString and Loom:Storage:Azure:ServiceUri are both set", error.Message);
    }

    [Theory]
    [InlineData("loomtest.table.core.windows.net")]
    [InlineData("http://loomtest.table.core.windows.net")]
    [InlineData("not a uri")]
    public void A_service_uri_that_is_not_absolute_https_names_the_setting(string uri)
    {
        var error = Assert.Throws<InvalidOperationException>(Bind(("ServiceUri", uri)).Validate);

        Assert.StartsWith($"Loom:Storage:Azure:ServiceUri is '{uri}'", error.Message);
    }

    [Theory]
    [InlineData("MaxRetries", "-1", "Loom:Storage:Azure:MaxRetries is -1")]
    [InlineData("MaxRetries", "11", "Loom:Storage:Azure:MaxRetries is 11")]
    [InlineData("NetworkTimeout", "00:00:00", "Loom:Storage:Azure:NetworkTimeout is 00:00:00")]
    public void Retry_settings_out_of_range_name_the_setting(string setting, string value, string message)
    {
        var options = Bind(("ConnectionString", "UseDevelopmentStorage=true"), (setting, value));

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Building_a_client_validates_the_options_first()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AzureTableServiceClientFactory.Create(new AzureTableStorageOptions()));

        Assert.Contains("Loom:Storage:Azure:ServiceUri", error.Message, StringComparison.Ordinal);
    }
}
