using Loom.IntegrationTests.Http;
using Microsoft.AspNetCore.Hosting;

namespace Loom.IntegrationTests.Hosting;

/// <summary>A storage setting that cannot work stops the real silo host before it starts, naming the setting.</summary>
public sealed class SiloStartupTests
{
    [Theory]
    [InlineData("Loom:Storage:Provider", "Sqlite", "Loom:Storage:Provider is 'Sqlite'")]
    [InlineData("Loom:Storage:Sqlite:Durability", "Paranoid", "Loom:Storage:Sqlite:Durability")]
    public async Task A_bad_storage_setting_stops_the_silo_and_names_the_setting(string key, string value, string message)
    {
        await using var silo = new SiloFactory();
        await using var misconfigured = silo.WithWebHostBuilder(host => host.UseSetting(key, value));

        var error = Assert.ThrowsAny<Exception>(() => misconfigured.Server);

        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }
}
