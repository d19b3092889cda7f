using Loom.Entities;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.IntegrationTests.UseCases;

/// <summary>References made once-resolved must be the very references Orleans' <c>GetGrain</c> makes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_generic_entity_grain_reference_equals_the_one_GetGrain_makes_and_reaches_the_same_entity()
    {
        var (a, _) = await Grains.OpenTwoAsync(42, 0);
        var references = new GrainReferences<IEntityGrain<Account>>(Grains);

        var made = references.Get(a);
        var expected = Grains.GetGrain<IEntityGrain<Account>>(a);

        Assert.Equal(expected, made);
        Assert.Equal(((GrainReference)expected).InterfaceType, ((GrainReference)made).InterfaceType);
        Assert.Equal(42m, (await made.GetAsync())!.Balance);
    }

    [Fact]
    public void References_for_different_keys_and_interfaces_differ()
    {
        var accounts = new GrainReferences<IEntityGrain<Account>>(Grains);
        var indexes = new GrainReferences<IUniqueIndexGrain>(Grains);

        Assert.NotEqual(accounts.Get("x"), accounts.Get("y"));
        Assert.NotEqual(((GrainReference)accounts.Get("x")).GrainId, ((GrainReference)indexes.Get("x")).GrainId);
        Assert.Equal(Grains.GetGrain<IUniqueIndexGrain>("x"), indexes.Get("x"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_key_is_refused_naming_the_key(string key)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new GrainReferences<IEntityGrain<Account>>(Grains).Get(key));

        Assert.Equal("key", error.ParamName);
    }

    [Fact]
    public void Executor_references_are_made_once_per_factory_and_taken_in_turn()
    {
        var first = Enumerable.Range(0, 16).Select(_ => Grains.GetUseCaseExecutor()).ToArray();
        var second = Enumerable.Range(0, 16).Select(_ => Grains.GetUseCaseExecutor()).ToArray();

        Assert.Equal(16, first.Distinct().Count());
        Assert.All(first.Zip(second), pair => Assert.Same(pair.First, pair.Second));
        Assert.Equivalent(Enumerable.Range(0, 16).Select(key => Grains.GetGrain<IUseCaseExecutorGrain>(key)), first);
    }
}
