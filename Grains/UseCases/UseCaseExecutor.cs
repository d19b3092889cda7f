using System.Collections.Frozen;
using System.Text.Json;
using Loom.Entities;
using Loom.Errors;
using Loom.Observability;
using Microsoft.Extensions.Options;

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
    IOptions<UseCaseOptions> options,
    IServiceProvider services) : IUseCaseExecutor
{
    private static readonly object True = true;
    private static readonly object False = false;

    /// <inheritdoc />
    public ValueTask<object?> ExecuteAsync(string name, UseCaseArguments arguments) => ExecuteAsync(catalog.Get(name), arguments);

    /// <inheritdoc />
    public ValueTask<object?> ExecuteAsync(Type useCaseType, UseCaseArguments arguments) => ExecuteAsync(compiler.Compile(useCaseType), arguments);

    /// <summary>Runs <paramref name="plan"/> with the caller's arguments.</summary>
    public async ValueTask<object?> ExecuteAsync(ExecutionPlan plan, UseCaseArguments arguments)
    {
        using var scope = telemetry.ExecutionStarted(plan.Name);
        try
        {
            var result = plan.ReadOnly || unitOfWork.IsActive
                ? await RunPipelineAsync(plan, arguments)
                : await unitOfWork.RunAsync(plan.Name, (Executor: this, plan, arguments), static s => s.Executor.RunPipelineAsync(s.plan, s.arguments));
            telemetry.ExecutionDone(plan.Name, scope);
            return result;
        }
        catch (Exception error)
        {
            telemetry.ExecutionFailed(plan.Name, scope, error);
            throw;
        }
    }

    private async ValueTask<object?> RunPipelineAsync(ExecutionPlan plan, UseCaseArguments arguments)
    {
        var context = new UseCaseContext(plan, new object?[plan.ArgumentCount], options.Value.LogSteps && telemetry.LogsSteps);
        Bind(plan, arguments.Parameters.Span, context.Values);
        var fields = BuildCommand(context, arguments.Payload);
        if (!plan.Lookups.IsEmpty)
        {
            await LookUpAsync(context);
        }

        ApplyComputes(context, fields);
        CheckRules(context, fields);
        Step(context, "Execute");
        return await plan.Invoke(plan.CreateInstance(services), context.Values);
    }

    private static void Bind(ExecutionPlan plan, ReadOnlySpan<byte> parameters, object?[] values)
    {
        if (plan.Parameters.IsEmpty)
        {
            return;
        }

        Span<bool> bound = stackalloc bool[plan.Parameters.Length];
        if (!parameters.IsEmpty)
        {
            ReadParameters(plan, parameters, values, bound);
        }

        for (var i = 0; i < bound.Length; i++)
        {
            var binding = plan.Parameters[i];
            if (!bound[i])
            {
                values[binding.Slot] = binding.IsRequired
                    ? throw new ParameterBindingError(plan.Name, binding.Name, ParameterCoercion.Describe(binding.Type), received: null)
                    : binding.DefaultValue;
            }
        }
    }

    private static void ReadParameters(ExecutionPlan plan, ReadOnlySpan<byte> parameters, object?[] values, Span<bool> bound)
    {
        var reader = new Utf8JsonReader(parameters);
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                return;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ParameterBindingError(plan.Name, "$", "a JSON object of parameters", reader.TokenType.ToString());
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var index = IndexOf(plan, ref reader);
                reader.Read();
                var binding = plan.Parameters[index];
                var start = reader;
                try
                {
                    values[binding.Slot] = binding.Read(ref reader);
                    bound[index] = true;
                }
                catch (Exception error) when (error is JsonException or FormatException or InvalidOperationException or OverflowException)
                {
                    throw new ParameterBindingError(plan.Name, binding.Name, ParameterCoercion.Describe(binding.Type), RawValue(ref start));
                }
            }
        }
        catch (JsonException error)
        {
            throw new ParameterBindingError(plan.Name, "$", "a JSON object of parameters", $"malformed JSON at byte {error.BytePositionInLine + 1}");
        }
    }

    private static int IndexOf(ExecutionPlan plan, ref Utf8JsonReader reader)
    {
        for (var i = 0; i < plan.Parameters.Length; i++)
        {
            if (reader.ValueTextEquals(plan.Parameters[i].Utf8Name))
            {
                return i;
            }
        }

        throw new ParameterBindingError(plan.Name, reader.GetString()!);
    }

    private static string RawValue(ref Utf8JsonReader reader)
    {
        using var value = JsonDocument.ParseValue(ref reader);
        return Shorten(value.RootElement.GetRawText());
    }

    private IReadOnlySet<string> BuildCommand(UseCaseContext context, ReadOnlyMemory<byte> payload)
    {
        var plan = context.Plan;
        if (plan.Input is not { } input)
        {
            return FrozenSet<string>.Empty;
        }

        var first = FirstToken(payload.Span);
        if (first is 0 or (byte)'n')
        {
            throw new PayloadError(plan.Name, "$", $"a payload is required to build {input.CommandType.Name}");
        }

        if (first != (byte)'{')
        {
            throw new PayloadError(plan.Name, "$", "expected a JSON object");
        }

        try
        {
            context.Values[input.Slot] = JsonSerializer.Deserialize(payload.Span, input.TypeInfo);
        }
        catch (JsonException error)
        {
            throw new PayloadError(plan.Name, error.Path ?? "$", error.Message);
        }

        Step(context, "Bind Input");
        return new PayloadFieldSet(payload, input.PropertyByJsonName);
    }

    private static byte FirstToken(ReadOnlySpan<byte> json)
    {
        var start = json.IndexOfAnyExcept(" \t\r\n"u8);
        return start < 0 ? (byte)0 : json[start];
    }

    /// <summary>
    /// Resolves every lookup's key, reads unique-field indexes and then entities, each in the
    /// canonical lock order, and binds the results in declaration order with their missing policies.
    /// </summary>
    private async Task LookUpAsync(UseCaseContext context)
    {
        var plan = context.Plan;
        var lookups = plan.Lookups;
        var values = context.Values;
        var keys = new LookupKeys[lookups.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var value = LookupValue.Format(lookups[i].ReadLookupValue(values));
            keys[i] = new LookupKeys(i, value, lookups[i].IsById ? value : null);
        }

        if (plan.HasIndexLookups)
        {
            LockOrder.SortForIndexReads(lookups, keys);
            for (var i = 0; i < keys.Length && !lookups[keys[i].Step].IsById; i++)
            {
                var step = lookups[keys[i].Step];
                keys[i].Id = await step.Repository.FindIdAsync(step.By, keys[i].Value);
                Step(context, step, "Resolve", step.By, keys[i].Value);
            }
        }

        if (keys.Length > 1)
        {
            LockOrder.SortForEntityReads(lookups, keys);
        }

        for (var i = 0; i < keys.Length && LockOrder.IsEntityRead(lookups[keys[i].Step], keys[i]); i++)
        {
            var step = lookups[keys[i].Step];
            values[step.Slot] = await step.Repository.FindAsync(keys[i].Id!, step.Profile);
            Step(context, step, "Load", step.Entity.IdField, keys[i].Id!);
        }

        Bind(lookups, keys, values);
    }

    /// <summary>Binds each lookup's result with its missing policy; the first missing one in declaration order raises.</summary>
    private static void Bind(IReadOnlyList<LookupStep> lookups, LookupKeys[] keys, object?[] values)
    {
        LookupKeys? firstMissing = null;
        foreach (var key in keys)
        {
            var step = lookups[key.Step];
            var exists = step.IsById ? values[step.Slot] is not null : key.Id is not null;
            if (!exists && step.OnMissing == OnMissing.Raise)
            {
                firstMissing = firstMissing is { } earlier && earlier.Step < key.Step ? earlier : key;
                continue;
            }

            values[step.Slot] = (exists, step.OnMissing) switch
            {
                (true, _) when step.IsExists => True,
                (true, _) => values[step.Slot],
                (false, OnMissing.False) => False,
                _ => null,
            };
        }

        if (firstMissing is { } missing)
        {
            throw new NotFound(lookups[missing.Step].Entity.Name, missing.Value);
        }
    }

    private void ApplyComputes(UseCaseContext context, IReadOnlySet<string> fields)
    {
        var plan = context.Plan;
        foreach (var compute in plan.Computes)
        {
            context.Values[plan.Input!.Slot] = compute.Apply(context.Values[plan.Input.Slot]!, fields, context);
            Step(context, "Compute", compute.Name);
        }
    }

    private void CheckRules(UseCaseContext context, IReadOnlySet<string> fields)
    {
        var plan = context.Plan;
        List<RuleViolation>? violations = null;
        foreach (var rule in plan.Rules)
        {
            if (rule.Check(context.Values[plan.Input!.Slot]!, fields, context) is { } violation)
            {
                (violations ??= []).Add(violation);
            }

            Step(context, "Rule", rule.Name);
        }

        if (violations is not null)
        {
            throw new RuleViolations(plan.Name, violations);
        }
    }

    private void Step(UseCaseContext context, string step)
    {
        if (context.LogsSteps)
        {
            telemetry.Step(context.Plan.Name, step);
        }
    }

    private void Step(UseCaseContext context, string kind, string name)
    {
        if (context.LogsSteps)
        {
            telemetry.Step(context.Plan.Name, $"{kind} {name}");
        }
    }

    private void Step(UseCaseContext context, LookupStep lookup, string verb, string field, string key)
    {
        if (context.LogsSteps)
        {
            telemetry.Step(context.Plan.Name, $"{verb} {lookup.Entity.Name}.{field}={key} ({lookup.Name}, from {lookup.SourceDescription})");
        }
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
