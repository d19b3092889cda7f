namespace Loom.IntegrationTests.Clustering;

public sealed class InMemoryTableClusterTests(InMemoryTableClusterFixture fixture)
    : TableClusterTests<InMemoryTableClusterFixture>(fixture), IClassFixture<InMemoryTableClusterFixture>;
