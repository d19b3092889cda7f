namespace Loom.Silo.Storage.AzureTables;

/// <summary>
/// Where the Azure Tables adapter stores its tables, bound from <c>Loom:Storage:Azure</c>: a connection
/// string (Azurite, or an account key) or the table service's URI reached with the ambient Azure identity.
/// </summary>
public sealed class AzureTableStorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Loom:Storage:Azure";

    /// <summary>
    /// A storage connection string, such as Azurite's. Set this or <see cref="ServiceUri"/>, not both.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The table service endpoint, such as <c>https://ACCOUNT.table.core.windows.net</c>, reached with
    /// <c>DefaultAzureCredential</c> (a managed identity in Azure Container Apps). Set this or
    /// <see cref="ConnectionString"/>, not both.
    /// </summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>
    /// How many times a failed request is retried, with exponential backoff from half a second up to four
    /// seconds. Default 3: an endpoint that refuses connections is given up on after about 3.5 seconds.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// How long one attempt may wait for the service. Default 10 seconds, so an endpoint that accepts and
    /// never answers fails in under a minute, not after the SDK's four attempts of 100 seconds.
    /// </summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Fails with a message naming the setting when the options cannot reach a table service.</summary>
    /// <exception cref="InvalidOperationException">Neither or both endpoints are set, the URI is not absolute https, or a retry setting is out of range.</exception>
    public void Validate()
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == (ServiceUri is not null))
        {
            throw new InvalidOperationException(hasConnectionString
                ? $"{Section}:{nameof(ConnectionString)} and {Section}:{nameof(ServiceUri)} are both set; set one of them."
                : $"Neither {Section}:{nameof(ConnectionString)} nor {Section}:{nameof(ServiceUri)} is set; set one of them.");
        }

        // An identity's bearer token is only ever sent over TLS, so an http endpoint would fail on the first request.
        if (ServiceUri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps || uri.Host.Length == 0))
        {
            throw new InvalidOperationException($"{Section}:{nameof(ServiceUri)} is '{uri.OriginalString}'; it must be an absolute https URI such as https://ACCOUNT.table.core.windows.net.");
        }

        if (MaxRetries is < 0 or > 10)
        {
            throw new InvalidOperationException($"{Section}:{nameof(MaxRetries)} is {MaxRetries}; it must be between 0 and 10.");
        }

        if (NetworkTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}:{nameof(NetworkTimeout)} is {NetworkTimeout}; it must be positive.");
        }
    }
}
