using System.Collections.Frozen;
using System.Diagnostics;
using System.Text.Json;
using Loom.Entities;
using Loom.Errors;
using Loom.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.UseCases;

/// <summary>
/// Runs plans through the fixed pipeline bind → command → load → exists → compute → rules → execute.
/// A top-level write use case runs in a new unit of work; a nested one joins the caller's; a read-only
/// one opens none. Entity lookups run before anything touches an entity, in one canonical order, so
/// write use cases that share entities take their locks in the same order and cannot deadlock.
/// </summary>
public sealed class UseCaseExecutor(
    UseCaseCatalog catalog,
    UseCaseCompiler compiler,
    IUnitOfWork unitOfWork,
    UseCaseTelemetry telemetry,
    IServiceProvider services) : IUseCaseExecutor
{
    /// <inheritdoc />
    public Task<object?> ExecuteAsync(string name, UseCaseArguments arguments) => ExecuteAsync(catalog.Get(name), arguments);

    /// <inheritdoc />
    public Task<object?> ExecuteAsync(Type useCaseType, UseCaseArguments arguments) => ExecuteAsync(compiler.Compile(useCaseType), arguments);

    /// <summary>Runs <paramref name="plan"/> with the caller's arguments.</summary>
    public async Task<object?> ExecuteAsync(ExecutionPlan plan, UseCaseArguments arguments)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = telemetry.ExecutionStarted(plan.Name);
        try
        {
            var result = plan.ReadOnly || unitOfWork.IsActive
                ? await RunPipelineAsync(plan, arguments)
                : await unitOfWork.RunAsync(plan.Name, () => RunPipelineAsync(plan, arguments));
            telemetry.ExecutionDone(plan.Name, Stopwatch.GetElapsedTime(started), activity);
            return result;
        }
        catch (Exception error)
        {
            telemetry.ExecutionFailed(plan.Name, Stopwatch.GetElapsedTime(started), error, activity);
            throw;
        }
    }

    private async Task<object?> RunPipelineAsync(ExecutionPlan plan, UseCaseArguments arguments)
    {
        var values = new object?[plan.ArgumentCount];
        Bind(plan, arguments.Parameters, values);
        var fields = BuildCommand(plan, arguments.Payload, values);
        await LookUpAsync(plan, values);
        var context = new UseCaseContext(plan, values);
        ApplyComputes(plan, fields, context, values);
        CheckRules(plan, fields, context, values);
        Step(plan, "Execute");
        return await plan.Invoke(plan.CreateInstance(services), values);
    }

    private static void Bind(ExecutionPlan plan, JsonElement parameters, object?[] values)
    {
        if (plan.Parameters.IsEmpty)
        {
            return;
        }

        var hasObject = parameters.ValueKind == JsonValueKind.Object;
        if (!hasObject && parameters.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw new ParameterBindingError(plan.Name, "$", "a JSON object of parameters", parameters.ValueKind.ToString());
        }

        foreach (var binding in plan.Parameters)
        {
            if (!hasObject || !parameters.TryGetProperty(binding.Name, out var raw))
            {
                values[binding.Slot] = binding.IsRequired
                    ? throw new ParameterBindingError(plan.Name, binding.Name, ParameterCoercion.Describe(binding.Type), received: null)
                    : binding.DefaultValue;
                continue;
            }

            try
            {
                values[binding.Slot] = binding.Coerce(raw);
            }
            catch (Exception error) when (error is JsonException or FormatException or InvalidOperationException or OverflowException)
            {
                throw new ParameterBindingError(plan.Name, binding.Name, ParameterCoercion.Describe(binding.Type), Shorten(raw.GetRawText()));
            }
        }
    }

    private IReadOnlySet<string> BuildCommand(ExecutionPlan plan, JsonElement payload, object?[] values)
    {
        if (plan.Input is not { } input)
        {
            return FrozenSet<string>.Empty;
        }

        if (payload.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw new PayloadError(plan.Name, "$", $"a payload is required to build {input.CommandType.Name}");
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new PayloadError(plan.Name, "$", $"expected a JSON object, got {payload.ValueKind}");
        }

        try
        {
            values[input.Slot] = payload.Deserialize(input.TypeInfo)
                ?? throw new PayloadError(plan.Name, "$", "the payload built no command");
        }
        catch (JsonException error)
        {
            throw new PayloadError(plan.Name, error.Path ?? "$", error.Message);
        }

        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in payload.EnumerateObject())
        {
            if (input.PropertyByJsonName.TryGetValue(property.Name, out var name))
            {
                fields.Add(name);
            }
        }

        Step(plan, "Bind Input");
        return fields;
    }

    private async Task LookUpAsync(ExecutionPlan plan, object?[] values)
    {
        if (plan.Lookups.IsEmpty)
        {
            return;
        }

        var lookups = plan.Lookups;
        var keys = new string[lookups.Length];
        var ids = new string?[lookups.Length];
        for (var i = 0; i < lookups.Length; i++)
        {
            keys[i] = LookupValue.Format(lookups[i].ReadLookupValue(values));
        }

        // Unique-field indexes first, then entities, each sorted: one global lock order for every use case.
        var indexReads = Enumerable.Range(0, lookups.Length)
            .Where(i => !lookups[i].IsById)
            .OrderBy(i => (lookups[i].Entity.Type.FullName, lookups[i].By, keys[i]), LockOrder.Instance);
        foreach (var i in indexReads)
        {
            ids[i] = await Repository(lookups[i]).FindIdAsync(lookups[i].By, keys[i]);
            Step(plan, $"Resolve {lookups[i].Entity.Name}.{lookups[i].By}");
        }

        var found = new object?[lookups.Length];
        var entityReads = Enumerable.Range(0, lookups.Length)
            .Select(i => (Step: i, Id: lookups[i].IsById ? keys[i] : lookups[i].IsExists ? null : ids[i]))
            .Where(read => read.Id is not null)
            .OrderBy(read => (lookups[read.Step].Entity.Type.FullName, string.Empty, read.Id), LockOrder.Instance);
        foreach (var (i, id) in entityReads)
        {
            found[i] = await Repository(lookups[i]).FindAsync(id!, lookups[i].Profile);
            Step(plan, $"Load {lookups[i].Entity.Name} {id}");
        }

        for (var i = 0; i < lookups.Length; i++)
        {
            var step = lookups[i];
            var exists = step.IsById ? found[i] is not null : ids[i] is not null;
            values[step.Slot] = (exists, step.OnMissing) switch
            {
                (true, _) => step.IsExists ? true : found[i],
                (false, OnMissing.Raise) => throw new NotFound(step.Entity.Name, keys[i]),
                (false, OnMissing.False) => false,
                (false, _) => null,
            };
        }
    }

    private IEntityLookup Repository(LookupStep step) => (IEntityLookup)services.GetRequiredService(step.RepositoryType);

    private void ApplyComputes(ExecutionPlan plan, IReadOnlySet<string> fields, UseCaseContext context, object?[] values)
    {
        foreach (var compute in plan.Computes)
        {
            values[plan.Input!.Slot] = compute.Apply(values[plan.Input.Slot]!, fields, context);
            Step(plan, $"Compute {compute.Name}");
        }
    }

    private void CheckRules(ExecutionPlan plan, IReadOnlySet<string> fields, UseCaseContext context, object?[] values)
    {
        List<RuleViolation>? violations = null;
        foreach (var rule in plan.Rules)
        {
            if (rule.Check(values[plan.Input!.Slot]!, fields, context) is { } violation)
            {
                (violations ??= []).Add(violation);
            }

            Step(plan, $"Rule {rule.Name}");
        }

        if (violations is not null)
        {
            throw new RuleViolations(plan.Name, violations);
        }
    }

    private void Step(ExecutionPlan plan, string step)
    {
        if (telemetry.LogsSteps)
        {
            telemetry.Step(plan.Name, step);
        }
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
