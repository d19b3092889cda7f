using Loom.Hosting;
using Loom.Tests.Support;
using Loom.UseCases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.Tests.UseCases;

public sealed class SingletonUseCaseFactoryTests
{
    [Fact]
    public async Task A_use_case_built_from_singletons_is_a_new_instance_per_execution_sharing_the_singleton()
    {
        await using var services = Build(s => s.AddSingleton<Tally>().AddUseCase<CountsCalls>());
        var executor = services.GetRequiredService<UseCaseExecutor>();

        var first = await executor.ExecuteAsync(typeof(CountsCalls), UseCaseArguments.From(null, null));
        var second = await executor.ExecuteAsync(typeof(CountsCalls), UseCaseArguments.From(null, null));

        Assert.Equal(("instance call 1", "tally 1"), first);
        Assert.Equal(("instance call 1", "tally 2"), second);
        Assert.NotNull(services.GetRequiredService<SingletonUseCaseFactory>().TryCreate(typeof(CountsCalls)));
    }

    [Fact]
    public async Task A_transient_dependency_is_still_a_new_one_per_execution()
    {
        await using var services = Build(s => s.AddTransient<Stamp>().AddUseCase<ShowsStamp>());
        var executor = services.GetRequiredService<UseCaseExecutor>();

        var first = await executor.ExecuteAsync(typeof(ShowsStamp), UseCaseArguments.From(null, null));
        var second = await executor.ExecuteAsync(typeof(ShowsStamp), UseCaseArguments.From(null, null));

        Assert.NotEqual(first, second);
        Assert.Null(services.GetRequiredService<SingletonUseCaseFactory>().TryCreate(typeof(ShowsStamp)));
    }

    [Fact]
    public async Task A_use_case_the_application_registered_as_a_singleton_stays_one()
    {
        await using var services = Build(s => s.AddSingleton<Tally>().AddSingleton<CountsCalls>().AddUseCase<CountsCalls>());
        var executor = services.GetRequiredService<UseCaseExecutor>();

        await executor.ExecuteAsync(typeof(CountsCalls), UseCaseArguments.From(null, null));
        var second = await executor.ExecuteAsync(typeof(CountsCalls), UseCaseArguments.From(null, null));

        Assert.Equal(("instance call 2", "tally 2"), second);
    }

    [Fact]
    public async Task A_disposable_use_case_is_left_to_the_container_which_disposes_it()
    {
        var services = Build(s => s.AddSingleton<Tally>().AddUseCase<DisposesItself>());
        var executor = services.GetRequiredService<UseCaseExecutor>();
        var tally = services.GetRequiredService<Tally>();
        Assert.Null(services.GetRequiredService<SingletonUseCaseFactory>().TryCreate(typeof(DisposesItself)));

        await executor.ExecuteAsync(typeof(DisposesItself), UseCaseArguments.From(null, null));
        await services.DisposeAsync();

        Assert.Equal(1, tally.Disposed);
    }

    [Fact]
    public void A_use_case_registered_only_for_compilation_is_not_built_here()
    {
        using var services = Build(s => s.AddSingleton<Tally>().AddSingleton(new UseCaseRegistration(typeof(CountsCalls))));

        Assert.Null(services.GetRequiredService<SingletonUseCaseFactory>().TryCreate(typeof(CountsCalls)));
    }

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLogging()
            .AddSingleton<IUnitOfWork, InlineUnitOfWork>()
            .AddLoomUseCaseEngine();
        configure(services);
        return services.BuildServiceProvider();
    }

    public sealed class Tally
    {
        private int _count;

        public int Disposed { get; set; }

        public int Next() => Interlocked.Increment(ref _count);
    }

    public sealed class Stamp
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    public sealed class CountsCalls(Tally tally)
    {
        private int _calls;

        public (string, string) Execute() => ($"instance call {++_calls}", $"tally {tally.Next()}");
    }

    public sealed class ShowsStamp(Stamp stamp)
    {
        public Guid Execute() => stamp.Id;
    }

    public sealed class DisposesItself(Tally tally) : IDisposable
    {
        public int Execute() => tally.Next();

        public void Dispose() => tally.Disposed++;
    }
}
