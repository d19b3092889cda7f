using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Loom.Hosting;

/// <summary>Compiles every registered use case when the host starts, so a malformed declaration stops it.</summary>
internal sealed class UseCaseCatalogWarmup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<UseCaseCatalog>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
