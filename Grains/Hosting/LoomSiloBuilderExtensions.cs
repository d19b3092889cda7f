using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.Hosting;

/// <summary>Adds Loom to an Orleans silo.</summary>
public static class LoomSiloBuilderExtensions
{
    /// <summary>
    /// Adds Orleans transactions, the use-case engine and the use cases marked
    /// <see cref="UseCases.UseCaseAttribute"/> in <paramref name="useCaseAssemblies"/>.
    /// </summary>
    public static ISiloBuilder AddLoomUseCases(this ISiloBuilder builder, params Assembly[] useCaseAssemblies)
    {
        builder.UseTransactions();
        builder.Services.AddLoomUseCaseEngine().AddUseCasesFrom(useCaseAssemblies);
        return builder;
    }
}
