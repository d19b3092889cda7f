using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.UseCases;

/// <summary>
/// Builds a use case with a compiled <c>new</c> instead of asking the container, where the container
/// would build it the same way: the use case is registered as a transient of its own type, it is not
/// disposable (the container would track it), it has one public constructor, and every dependency is
/// a singleton, resolved once at its first execution. Anything else is left to the container.
/// </summary>
/// <remarks>
/// The container does not tell a service's lifetime, so this keeps the service collection and reads
/// it once the container is built.
/// </remarks>
public sealed class SingletonUseCaseFactory(IServiceCollection registrations)
{
    private readonly Lazy<Dictionary<Type, ServiceDescriptor>> _lastRegistrations = new(() => registrations
        .Where(d => !d.IsKeyedService)
        .GroupBy(d => d.ServiceType)
        .ToDictionary(g => g.Key, g => g.Last()));

    /// <summary>A factory for <paramref name="useCase"/> that bypasses the container, or null when it must not.</summary>
    public Func<IServiceProvider, object>? TryCreate(Type useCase)
    {
        if (!_lastRegistrations.Value.TryGetValue(useCase, out var own)
            || own is not { Lifetime: ServiceLifetime.Transient, ImplementationType: { } implementation }
            || implementation != useCase
            || typeof(IDisposable).IsAssignableFrom(useCase)
            || typeof(IAsyncDisposable).IsAssignableFrom(useCase)
            || useCase.GetConstructors() is not [var constructor])
        {
            return null;
        }

        if (!constructor.GetParameters().All(p => IsSingleton(p.ParameterType)))
        {
            return null;
        }

        // The singletons are resolved at the first execution, not at start-up, where resolving them
        // could wait on a host that is still starting.
        Func<object>? create = null;
        return services => (create ??= Compile(constructor, services))();
    }

    private static Func<object> Compile(ConstructorInfo constructor, IServiceProvider services)
    {
        var arguments = constructor.GetParameters()
            .Select(p => Expression.Constant(services.GetRequiredService(p.ParameterType), p.ParameterType));
        return Expression.Lambda<Func<object>>(Expression.New(constructor, arguments)).Compile();
    }

    /// <summary>The container serves a closed registration before an open generic one.</summary>
    private bool IsSingleton(Type service)
    {
        var registrations = _lastRegistrations.Value;
        var descriptor = registrations.GetValueOrDefault(service)
            ?? (service.IsConstructedGenericType ? registrations.GetValueOrDefault(service.GetGenericTypeDefinition()) : null);
        return descriptor?.Lifetime == ServiceLifetime.Singleton;
    }
}
