using Loom.Hosting;
using Loom.UseCases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Loom.Tests.Hosting;

public sealed class UseCaseOptionsTests
{
    [Theory]
    [InlineData("EntitySnapshotCapacity", "-1", "Loom:UseCases:EntitySnapshotCapacity must not be negative.")]
    [InlineData("MaxTransactionAttempts", "0", "Loom:UseCases:MaxTransactionAttempts must be at least 1.")]
    [InlineData("RetryBudget", "00:00:00", "Loom:UseCases:RetryBudget must be positive.")]
    [InlineData("TransactionOutcomePing", "-00:00:01", "Loom:UseCases:TransactionOutcomePing must be positive.")]
    [InlineData("TransactionPrepareTimeout", "00:00:00", "Loom:UseCases:TransactionPrepareTimeout must be positive.")]
    [InlineData("IdempotencyRetention", "00:00:00", "Loom:UseCases:IdempotencyRetention must be positive.")]
    [InlineData("IdempotencySweepInterval", "00:00:00", "Loom:UseCases:IdempotencySweepInterval must be positive.")]
    public void A_bad_setting_is_refused_with_its_name(string setting, string value, string message)
    {
        using var services = Build(new() { [$"{UseCaseOptions.Section}:{setting}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<UseCaseOptions>>().Value);

        Assert.Equal(message, Assert.Single(error.Failures));
    }

    [Fact]
    public void A_capacity_of_zero_turns_entity_snapshots_off_and_is_valid()
    {
        using var services = Build(new() { [$"{UseCaseOptions.Section}:EntitySnapshotCapacity"] = "0" });

        Assert.Equal(0, services.GetRequiredService<IOptions<UseCaseOptions>>().Value.EntitySnapshotCapacity);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddLoomUseCaseEngine()
            .BuildServiceProvider();
}
