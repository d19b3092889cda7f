using System.Net;
using System.Net.Sockets;
using Azure;
using Loom.Silo.Storage.AzureTables;

namespace Loom.IntegrationTests.Storage.Azurite;

public sealed class AzureTableServiceClientFactoryTests
{
    [Fact]
    public void A_service_uri_builds_a_client_without_contacting_the_service()
    {
        // The .invalid domain never resolves, so a client that reached out while being built would fail here.
        var uri = new Uri("https://loomtest.table.storage.invalid/");

        var client = AzureTableServiceClientFactory.Create(new AzureTableStorageOptions { ServiceUri = uri });

        Assert.Equal(uri, client.Uri);
        Assert.Equal("loomtest", client.AccountName);
    }

    [Fact]
    public async Task A_dead_endpoint_fails_after_the_configured_retries()
    {
        var port = ClosedPort();
        var options = new AzureTableStorageOptions
        {
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
            MaxRetries = 1,
        };
        var factory = new AzureTableStoreFactory(AzureTableServiceClientFactory.Create(options));

        var error = await Assert.ThrowsAsync<AggregateException>(async () => await factory.OpenAsync("deadend"));

        Assert.Equal(2, error.InnerExceptions.Count);
        Assert.All(error.InnerExceptions, attempt => Assert.IsType<RequestFailedException>(attempt));
    }

    // A port that was just free and that nothing listens on, so connecting to it is refused.
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
