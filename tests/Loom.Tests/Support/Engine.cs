using Loom.Entities;
using Loom.Hosting;
using Loom.Observability;
using Loom.UseCases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.Tests.Support;

/// <summary>The use-case engine wired over in-memory repositories and a counting unit of work.</summary>
public sealed class Engine : IDisposable
{
    private readonly ServiceProvider _services;

    public Engine(params Type[] useCases) : this(_ => { }, useCases)
    {
    }

    public Engine(Action<IServiceCollection> configure, params Type[] useCases)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<AccessLog>();
        services.AddSingleton<InlineUnitOfWork>();
        services.AddSingleton<IUnitOfWork>(sp => sp.GetRequiredService<InlineUnitOfWork>());
        services.AddSingleton(typeof(IRepository<>), typeof(InMemoryRepository<>));
        services.AddSingleton<RecordingEventSink>();
        services.AddSingleton<IUseCaseEventSink>(sp => sp.GetRequiredService<RecordingEventSink>());
        configure(services);
        services.AddLoomUseCaseEngine();
        foreach (var useCase in useCases)
        {
            services.AddSingleton(new UseCaseRegistration(useCase));
        }

        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public UseCaseExecutor Executor => _services.GetRequiredService<UseCaseExecutor>();

    public UseCaseCompiler Compiler => _services.GetRequiredService<UseCaseCompiler>();

    public InlineUnitOfWork UnitOfWork => _services.GetRequiredService<InlineUnitOfWork>();

    public AccessLog Log => _services.GetRequiredService<AccessLog>();

    public RecordingEventSink Events => _services.GetRequiredService<RecordingEventSink>();

    public IRepository<TEntity> Repository<TEntity>()
        where TEntity : class => _services.GetRequiredService<IRepository<TEntity>>();

    public Task<object?> RunAsync<TUseCase>(object? parameters = null, object? payload = null) =>
        Executor.ExecuteAsync(typeof(TUseCase), UseCaseArguments.From(parameters, payload)).AsTask();

    public Task<object?> RunJsonAsync<TUseCase>(string? parameters, string? payload) =>
        Executor.ExecuteAsync(typeof(TUseCase), UseCaseArguments.FromJson(parameters, payload)).AsTask();

    public void Dispose() => _services.Dispose();
}
