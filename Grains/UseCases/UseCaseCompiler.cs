using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Reflection;
using Loom.Entities;
using Loom.Errors;
using Loom.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.UseCases;

/// <summary>
/// Inspects a use case once, validates its declaration and builds its <see cref="ExecutionPlan"/>.
/// Compiling is idempotent: a type is inspected once and its plan cached.
/// </summary>
public sealed class UseCaseCompiler(UseCaseTelemetry telemetry, IServiceProvider services)
{
    private readonly ConcurrentDictionary<Type, ExecutionPlan> _plans = new();

    /// <summary>The plan of <paramref name="useCaseType"/>, compiling it on first use.</summary>
    /// <exception cref="CompilationError">The declaration is malformed.</exception>
    public ExecutionPlan Compile(Type useCaseType)
    {
        if (_plans.TryGetValue(useCaseType, out var cached))
        {
            return cached;
        }

        var started = telemetry.CompileStarted(useCaseType.Name);
        var plan = _plans.GetOrAdd(useCaseType, Build(useCaseType));
        telemetry.CompileDone(plan.Name, started);
        return plan;
    }

    /// <summary>The cached plan of <paramref name="useCaseType"/>, or null when it was never compiled.</summary>
    public ExecutionPlan? GetPlan(Type useCaseType) => _plans.GetValueOrDefault(useCaseType);

    private ExecutionPlan Build(Type type)
    {
        var declaration = type.GetCustomAttribute<UseCaseAttribute>();
        var execute = FindExecute(type);
        var parameters = execute.GetParameters();
        var slots = parameters.ToFrozenDictionary(p => p.Name!, p => p.Position, StringComparer.Ordinal);

        var bindings = ImmutableArray.CreateBuilder<ParameterBinding>();
        InputBinding? input = null;
        foreach (var parameter in parameters)
        {
            if (parameter.IsDefined(typeof(InputAttribute)))
            {
                if (input is not null)
                {
                    throw new CompilationError(type, $"parameters '{input.Name}' and '{parameter.Name}' are both [Input]; a use case has one command");
                }

                input = BindInput(type, parameter);
            }
            else if (!parameter.IsDefined(typeof(EntityLookupAttribute), inherit: true))
            {
                var coerce = ParameterCoercion.TryCreate(parameter) ?? throw new CompilationError(type,
                    $"parameter '{parameter.Name}' has unsupported type {parameter.ParameterType.Name}; declare a primitive, or mark it [Input], [LoadById], [Load] or [Exists]");
                bindings.Add(new ParameterBinding(
                    parameter.Name!, parameter.Position, parameter.ParameterType, coerce,
                    parameter.HasDefaultValue ? parameter.DefaultValue : DBNull.Value));
            }
        }

        var lookups = parameters
            .Where(p => p.IsDefined(typeof(EntityLookupAttribute), inherit: true))
            .Select(p => BindLookup(type, p, bindings, input))
            .ToImmutableArray();
        var computes = StepMethods<ComputeAttribute>(type, input, "compute")
            .Select(m => new ComputeStep(m.Name, PlanDelegates.Compute(CheckSignature(type, m, input!, input!.CommandType, "[Compute]"))))
            .ToImmutableArray();
        var rules = StepMethods<RuleAttribute>(type, input, "rule")
            .Select(m => new RuleStep(m.Name, PlanDelegates.Rule(CheckSignature(type, m, input!, typeof(RuleViolation), "[Rule]"))))
            .ToImmutableArray();

        var createInstance = InstanceFactory(type);
        var resultType = PlanDelegates.ResultType(execute.ReturnType);
        return new ExecutionPlan(
            type,
            declaration?.Name ?? type.Name,
            declaration?.ReadOnly ?? false,
            bindings.ToImmutable(),
            input,
            lookups,
            computes,
            rules,
            slots,
            createInstance,
            PlanDelegates.Invoker(execute),
            resultType is null ? null : LoomJson.Options.GetTypeInfo(resultType));
    }

    /// <summary>
    /// Builds the use case from singletons it was given once when <see cref="SingletonUseCaseFactory"/>
    /// may, else resolves it from the container when it is registered there, else builds it with
    /// <see cref="ActivatorUtilities"/>.
    /// </summary>
    private Func<IServiceProvider, object> InstanceFactory(Type type)
    {
        if (services.GetService<SingletonUseCaseFactory>()?.TryCreate(type) is { } fromSingletons)
        {
            return fromSingletons;
        }

        if (services.GetService<IServiceProviderIsService>()?.IsService(type) == true)
        {
            return provider => provider.GetRequiredService(type);
        }

        var factory = ActivatorUtilities.CreateFactory(type, Type.EmptyTypes);
        return provider => factory(provider, null);
    }

    private static MethodInfo FindExecute(Type type)
    {
        if (type.IsAbstract || type.IsGenericTypeDefinition)
        {
            throw new CompilationError(type, "a use case must be a concrete, non-generic class");
        }

        var candidates = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name is "Execute" or "ExecuteAsync")
            .ToArray();
        return candidates.Length switch
        {
            0 => throw new CompilationError(type, "it has no public Execute method"),
            1 when candidates[0].IsGenericMethodDefinition => throw new CompilationError(type, "Execute must not be generic"),
            1 => candidates[0],
            _ => throw new CompilationError(type, $"it has {candidates.Length} Execute methods; declare exactly one"),
        };
    }

    private static InputBinding BindInput(Type type, ParameterInfo parameter)
    {
        var commandType = parameter.ParameterType;
        if (commandType.IsAbstract || commandType.IsPrimitive || commandType == typeof(string))
        {
            throw new CompilationError(type, $"[Input] '{parameter.Name}' has type {commandType.Name}, which cannot be built from a JSON object");
        }

        var typeInfo = LoomJson.Options.GetTypeInfo(commandType);
        var properties = typeInfo.Properties
            .Where(p => p.AttributeProvider is PropertyInfo)
            .ToFrozenDictionary(p => p.Name, p => ((PropertyInfo)p.AttributeProvider!).Name, StringComparer.OrdinalIgnoreCase);
        return new InputBinding(parameter.Name!, parameter.Position, commandType, typeInfo, properties);
    }

    private LookupStep BindLookup(Type type, ParameterInfo parameter, ImmutableArray<ParameterBinding>.Builder bindings, InputBinding? input)
    {
        var attribute = parameter.GetCustomAttribute<EntityLookupAttribute>(inherit: true)!;
        var isExists = attribute is ExistsAttribute;
        var entityType = attribute is ExistsAttribute exists ? exists.EntityType : parameter.ParameterType;
        if (isExists && parameter.ParameterType != typeof(bool))
        {
            throw new CompilationError(type, $"[Exists] '{parameter.Name}' must be a bool");
        }

        var entity = EntityDescriptor.TryDescribe(entityType, out var problem)
            ?? throw new CompilationError(type, $"'{parameter.Name}': {problem}");
        var (by, profile) = attribute switch
        {
            LoadByIdAttribute byId => (entity.IdField, byId.Profile),
            LoadAttribute load => (load.By, load.Profile),
            ExistsAttribute check => (check.By ?? entity.IdField, LoadProfiles.Default),
            _ => throw new CompilationError(type, $"'{parameter.Name}' uses an unknown lookup attribute {attribute.GetType().Name}"),
        };
        if (!entity.CanLookUpBy(by))
        {
            throw new CompilationError(type, $"'{parameter.Name}' looks up {entity.Name} by '{by}', which is neither its id nor a [Unique] property");
        }

        CheckOnMissing(type, parameter, attribute.OnMissing, isExists);
        CheckProfile(type, parameter, entityType, profile);
        var (read, source) = LookupSource(type, parameter, attribute, bindings, input);
        var repository = services.GetService(typeof(IRepository<>).MakeGenericType(entityType)) as IEntityLookup
            ?? throw new CompilationError(type, $"'{parameter.Name}' needs an IRepository<{entityType.Name}>, and none is registered");
        return new LookupStep(
            parameter.Name!, parameter.Position, entity, repository,
            read, source, by, profile, attribute.OnMissing, isExists);
    }

    private static (Func<object?[], object?> Read, string Description) LookupSource(
        Type type, ParameterInfo parameter, EntityLookupAttribute attribute, ImmutableArray<ParameterBinding>.Builder bindings, InputBinding? input)
    {
        if (attribute.From == From.Param)
        {
            var source = bindings.FirstOrDefault(b => b.Name == attribute.Source) ?? throw new CompilationError(type,
                $"'{parameter.Name}' is looked up from parameter '{attribute.Source}', which is not a primitive parameter of Execute");
            var slot = source.Slot;
            return (arguments => arguments[slot], $"parameter {source.Name}");
        }

        if (input is null)
        {
            throw new CompilationError(type, $"'{parameter.Name}' is looked up from command field '{attribute.Source}', but the use case has no [Input]");
        }

        var property = input.CommandType.GetProperty(attribute.Source, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new CompilationError(type, $"'{parameter.Name}' is looked up from command field '{attribute.Source}', which {input.CommandType.Name} does not have");
        return (PlanDelegates.ArgumentProperty(input.Slot, property), $"command field {property.Name}");
    }

    private static void CheckOnMissing(Type type, ParameterInfo parameter, OnMissing onMissing, bool isExists)
    {
        switch (onMissing)
        {
            case OnMissing.False when !isExists:
                throw new CompilationError(type, $"'{parameter.Name}' uses OnMissing.False, which only [Exists] can bind; use Null or Raise");
            case OnMissing.Null when isExists:
                throw new CompilationError(type, $"[Exists] '{parameter.Name}' cannot bind null; use False or Raise");
            case OnMissing.Null when new NullabilityInfoContext().Create(parameter).ReadState != NullabilityState.Nullable:
                throw new CompilationError(type, $"'{parameter.Name}' uses OnMissing.Null, so it must be declared nullable ({parameter.ParameterType.Name}?)");
        }
    }

    private void CheckProfile(Type type, ParameterInfo parameter, Type entityType, string profile)
    {
        if (profile == LoadProfiles.Default)
        {
            return;
        }

        var profileType = typeof(IEntityProfile<>).MakeGenericType(entityType);
        if (services.GetService<IServiceProviderIsKeyedService>()?.IsKeyedService(profileType, profile) != true)
        {
            throw new CompilationError(type, $"'{parameter.Name}' uses load profile '{profile}', but no IEntityProfile<{entityType.Name}> is registered under that key");
        }
    }

    private static IEnumerable<MethodInfo> StepMethods<TAttribute>(Type type, InputBinding? input, string kind)
        where TAttribute : Attribute
    {
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            .Where(m => m.IsDefined(typeof(TAttribute)))
            .OrderBy(m => m.MetadataToken)
            .ToArray();
        if (methods.Length > 0 && input is null)
        {
            throw new CompilationError(type, $"{kind} method '{methods[0].Name}' needs an [Input] command, and the use case has none");
        }

        return methods;
    }

    private static MethodInfo CheckSignature(Type type, MethodInfo method, InputBinding input, Type returns, string kind)
    {
        var parameters = method.GetParameters();
        var fits = method.IsStatic
            && method.ReturnType == returns
            && parameters.Length is 2 or 3
            && parameters[0].ParameterType == input.CommandType
            && parameters[1].ParameterType == typeof(IReadOnlySet<string>)
            && (parameters.Length == 2 || parameters[2].ParameterType == typeof(UseCaseContext));
        return fits ? method : throw new CompilationError(type,
            $"{kind} '{method.Name}' must be static {returns.Name} {method.Name}({input.CommandType.Name} command, IReadOnlySet<string> fields[, UseCaseContext context])");
    }
}
