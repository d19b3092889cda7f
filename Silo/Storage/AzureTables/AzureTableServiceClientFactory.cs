using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;

namespace Loom.Silo.Storage.AzureTables;

/// <summary>Builds the <see cref="TableServiceClient"/> that <see cref="AzureTableStorageOptions"/> describe.</summary>
public static class AzureTableServiceClientFactory
{
    // The SDK starts at 0.8 seconds and doubles up to a minute, which suits a busy production account but
    // makes a dead emulator or endpoint take long to report.
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Validates the options and builds a client. Nothing is sent until the client is used: an identity
    /// is asked for a token on the first request.
    /// </summary>
    /// <exception cref="InvalidOperationException">The options are invalid; the message names the setting.</exception>
    public static TableServiceClient Create(AzureTableStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = FirstRetryDelay;
        clientOptions.Retry.MaxDelay = MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        return options.ServiceUri is { } uri
            ? new TableServiceClient(uri, new DefaultAzureCredential(), clientOptions)
            : new TableServiceClient(options.ConnectionString, clientOptions);
    }
}
