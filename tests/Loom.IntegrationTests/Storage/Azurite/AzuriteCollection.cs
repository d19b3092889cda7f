namespace Loom.IntegrationTests.Storage.Azurite;

/// <summary>The tests that share one <see cref="AzuriteFixture"/>: starting the emulator takes seconds.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
