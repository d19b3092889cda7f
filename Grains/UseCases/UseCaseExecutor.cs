using System.Collections.Frozen;
using System.Collections.Immutable;
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
    /// <remarks>
    /// Unobserved executions whose repositories answer synchronously run to the end without an async
    /// state machine; failures still surface through the returned task only.
    /// </remarks>
    public ValueTask<object?> ExecuteAsync(ExecutionPlan plan, UseCaseArguments arguments) =>
        telemetry.ObservesExecutions ? ExecuteObservedAsync(plan, arguments) : Run(plan, arguments);

    private async ValueTask<object?> ExecuteObservedAsync(ExecutionPlan plan, UseCaseArguments arguments)
    {
        using var scope = telemetry.ExecutionStarted(plan.Name);
        try
        {
            var result = await Run(plan, arguments);
            telemetry.ExecutionDone(plan.Name, scope);
            return result;
        }
        catch (Exception error)
        {
            telemetry.ExecutionFailed(plan.Name, scope, error);
            throw;
        }
    }

    private ValueTask<object?> Run(ExecutionPlan plan, UseCaseArguments arguments) =>
        plan.ReadOnly || unitOfWork.IsActive
            ? RunPipeline(plan, arguments)
            : unitOfWork.RunAsync(plan.Name, (Executor: this, plan, arguments), static s => s.Executor.RunPipeline(s.plan, s.arguments));

    /// <summary>Runs the pipeline; like an async method, it reports every failure through the returned task.</summary>
    private ValueTask<object?> RunPipeline(ExecutionPlan plan, UseCaseArguments arguments)
    {
        try
        {
            var context = new UseCaseContext(plan, new object?[plan.ArgumentCount], options.Value.LogSteps && telemetry.LogsSteps);
            Bind(plan, arguments.Parameters.Span, context.Values);
            var fields = BuildCommand(context, arguments.Payload);
            if (!plan.Lookups.IsEmpty && LookUp(context) is { IsCompletedSuccessfully: false } lookups)
            {
                return RunAfterLookUpAsync(lookups, context, fields);
            }

            return RunSteps(context, fields);
        }
        catch (Exception error)
        {
            return ValueTask.FromException<object?>(error);
        }
    }

    private async ValueTask<object?> RunAfterLookUpAsync(Task lookups, UseCaseContext context, IReadOnlySet<string> fields)
    {
        await lookups;
        return await RunSteps(context, fields);
    }

    /// <summary>Computes, rules and <c>Execute</c>: everything after the lookups.</summary>
    private ValueTask<object?> RunSteps(UseCaseContext context, IReadOnlySet<string> fields)
    {
        var plan = context.Plan;
        ApplyComputes(context, fields);
        CheckRules(context, fields);
        Step(context, "Execute");
        return plan.Invoke(plan.CreateInstance(services), context.Values);
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
        // Payloads nearly always start with their token, which spares setting up the search.
        if (!json.IsEmpty && json[0] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return json[0];
        }

        var start = json.IndexOfAnyExcept(" \t\r\n"u8);
        return start < 0 ? (byte)0 : json[start];
    }

    /// <summary>
    /// Resolves every lookup's key, reads unique-field indexes and then entities, each in the
    /// canonical lock order, and binds the results in declaration order with their missing policies.
    /// Completes synchronously when every read does.
    /// </summary>
    private Task LookUp(UseCaseContext context)
    {
        var plan = context.Plan;
        var lookups = plan.Lookups;
        var keys = new LookupKeys[lookups.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var value = LookupValue.Format(lookups[i].ReadLookupValue(context.Values));
            keys[i] = new LookupKeys(i, value, lookups[i].IsById ? value : null);
        }

        if (plan.HasIndexLookups)
        {
            return ResolveThenLoadAsync(context, keys);
        }

        if (keys.Length > 1)
        {
            LockOrder.SortForEntityReads(lookups, keys);
        }

        return Load(context, keys, 0);
    }

    private async Task ResolveThenLoadAsync(UseCaseContext context, LookupKeys[] keys)
    {
        var lookups = context.Plan.Lookups;
        LockOrder.SortForIndexReads(lookups, keys);
        for (var i = 0; i < keys.Length && !lookups[keys[i].Step].IsById; i++)
        {
            var step = lookups[keys[i].Step];
            keys[i].Id = await step.Repository.FindIdAsync(step.By, keys[i].Value);
            Step(context, step, "Resolve", step.By, keys[i].Value);
        }

        if (keys.Length > 1)
        {
            LockOrder.SortForEntityReads(lookups, keys);
        }

        await Load(context, keys, 0);
    }

    /// <summary>Reads the entities from position <paramref name="from"/> of the lock order on, then binds every lookup.</summary>
    private Task Load(UseCaseContext context, LookupKeys[] keys, int from)
    {
        var lookups = context.Plan.Lookups;
        for (var i = from; i < keys.Length && LockOrder.IsEntityRead(lookups[keys[i].Step], in keys[i]); i++)
        {
            var step = lookups[keys[i].Step];
            var found = step.Repository.FindAsync(keys[i].Id!, step.Profile);
            if (!found.IsCompletedSuccessfully)
            {
                return LoadAsync(context, keys, i, found);
            }

            Loaded(context, step, in keys[i], found.Result);
        }

        Bind(lookups, keys, context.Values);
        return Task.CompletedTask;
    }

    private async Task LoadAsync(UseCaseContext context, LookupKeys[] keys, int position, ValueTask<object?> found)
    {
        Loaded(context, context.Plan.Lookups[keys[position].Step], in keys[position], await found);
        await Load(context, keys, position + 1);
    }

    private void Loaded(UseCaseContext context, LookupStep step, in LookupKeys key, object? entity)
    {
        context.Values[step.Slot] = entity;
        Step(context, step, "Load", step.Entity.IdField, key.Id!);
    }

    /// <summary>Binds each lookup's result with its missing policy; the first missing one in declaration order raises.</summary>
    private static void Bind(ImmutableArray<LookupStep> lookups, LookupKeys[] keys, object?[] values)
    {
        var firstMissing = -1;
        for (var i = 0; i < keys.Length; i++)
        {
            ref readonly var key = ref keys[i];
            var step = lookups[key.Step];
            var exists = step.IsById ? values[step.Slot] is not null : key.Id is not null;
            if (exists)
            {
                if (step.IsExists)
                {
                    values[step.Slot] = True;
                }
            }
            else if (step.OnMissing == OnMissing.Raise)
            {
                firstMissing = firstMissing >= 0 && keys[firstMissing].Step < key.Step ? firstMissing : i;
            }
            else
            {
                values[step.Slot] = step.OnMissing == OnMissing.False ? False : null;
            }
        }

        if (firstMissing >= 0)
        {
            throw new NotFound(lookups[keys[firstMissing].Step].Entity.Name, keys[firstMissing].Value);
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
