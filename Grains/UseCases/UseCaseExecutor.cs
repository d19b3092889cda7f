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
            Bind(plan, arguments.Parameters, context.Values);
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

    private static void Bind(ExecutionPlan plan, ReadOnlyMemory<byte> parameters, object?[] values)
    {
        if (plan.Parameters.IsEmpty)
        {
            return;
        }

        Span<bool> bound = stackalloc bool[plan.Parameters.Length];
        if (!parameters.IsEmpty)
        {
            ReadParameters(plan, parameters.Span, values, bound);
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
        return plan.Computes.IsEmpty && plan.Rules.IsEmpty ? FrozenSet<string>.Empty : new PayloadFieldSet(payload, input.PropertyByJsonName);
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
    /// Looks up every entity before anything touches one, reading in the canonical lock order, and
    /// binds the results in declaration order with their missing policies.
    /// </summary>
    private Task LookUp(UseCaseContext context) =>
        context.Plan.HasIndexLookups ? LookUpThroughIndexesAsync(context) : LoadById(context);

    /// <summary>
    /// Lookups by id: each key is the id itself, so there is no index to read, and the ids and their
    /// lock order stay on the stack. Completes synchronously when every read does.
    /// </summary>
    private Task LoadById(UseCaseContext context)
    {
        var lookups = context.Plan.Lookups;
        var buffer = default(LookupIds);
        Span<string> ids = lookups.Length <= LookupIds.Capacity ? buffer[..lookups.Length] : new string[lookups.Length];
        Span<int> order = lookups.Length <= LookupIds.Capacity ? stackalloc int[lookups.Length] : new int[lookups.Length];
        for (var i = 0; i < lookups.Length; i++)
        {
            ids[i] = LookupValue.Format(lookups[i].ReadLookupValue(context.Values));
            order[i] = i;
        }

        LockOrder.SortForIdReads(lookups, ids, order);
        for (var i = 0; i < order.Length; i++)
        {
            var step = lookups[order[i]];
            var found = step.Repository.FindAsync(ids[order[i]], step.Profile);
            if (!found.IsCompletedSuccessfully)
            {
                return LoadByIdAsync(context, ids.ToArray(), order[i..].ToArray(), found);
            }

            Loaded(context, step, ids[order[i]], found.Result);
        }

        BindById(lookups, ids, context.Values);
        return Task.CompletedTask;
    }

    /// <summary>Finishes <see cref="LoadById"/> once a read did not complete synchronously: <paramref name="pending"/> is the first of <paramref name="order"/>.</summary>
    private async Task LoadByIdAsync(UseCaseContext context, string[] ids, int[] order, ValueTask<object?> pending)
    {
        var lookups = context.Plan.Lookups;
        Loaded(context, lookups[order[0]], ids[order[0]], await pending);
        for (var i = 1; i < order.Length; i++)
        {
            var step = lookups[order[i]];
            Loaded(context, step, ids[order[i]], await step.Repository.FindAsync(ids[order[i]], step.Profile));
        }

        BindById(lookups, ids, context.Values);
    }

    /// <summary>
    /// Lookups through unique-field indexes: resolves every key, reads the indexes and then the
    /// entities, each in the canonical lock order.
    /// </summary>
    private async Task LookUpThroughIndexesAsync(UseCaseContext context)
    {
        var lookups = context.Plan.Lookups;
        var keys = new LookupKeys[lookups.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var value = LookupValue.Format(lookups[i].ReadLookupValue(context.Values));
            keys[i] = new LookupKeys(i, value, lookups[i].IsById ? value : null);
        }

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

        for (var i = 0; i < keys.Length && LockOrder.IsEntityRead(lookups[keys[i].Step], in keys[i]); i++)
        {
            var step = lookups[keys[i].Step];
            Loaded(context, step, keys[i].Id!, await step.Repository.FindAsync(keys[i].Id!, step.Profile));
        }

        Bind(lookups, keys, context.Values);
    }

    private void Loaded(UseCaseContext context, LookupStep step, string id, object? entity)
    {
        context.Values[step.Slot] = entity;
        Step(context, step, "Load", step.Entity.IdField, id);
    }

    /// <summary>Binds each lookup by id; the first missing one in declaration order raises.</summary>
    private static void BindById(ImmutableArray<LookupStep> lookups, ReadOnlySpan<string> ids, object?[] values)
    {
        for (var i = 0; i < lookups.Length; i++)
        {
            if (!TryBind(lookups[i], values[lookups[i].Slot] is not null, values))
            {
                throw new NotFound(lookups[i].Entity.Name, ids[i]);
            }
        }
    }

    /// <summary>Binds each lookup's result; the first missing one in declaration order raises.</summary>
    private static void Bind(ImmutableArray<LookupStep> lookups, LookupKeys[] keys, object?[] values)
    {
        var firstMissing = -1;
        for (var i = 0; i < keys.Length; i++)
        {
            ref readonly var key = ref keys[i];
            var step = lookups[key.Step];
            var exists = step.IsById ? values[step.Slot] is not null : key.Id is not null;
            if (!TryBind(step, exists, values))
            {
                firstMissing = firstMissing >= 0 && keys[firstMissing].Step < key.Step ? firstMissing : i;
            }
        }

        if (firstMissing >= 0)
        {
            throw new NotFound(lookups[keys[firstMissing].Step].Entity.Name, keys[firstMissing].Value);
        }
    }

    /// <summary>Binds one lookup's result with its missing policy; false when it is missing and must raise.</summary>
    private static bool TryBind(LookupStep step, bool exists, object?[] values)
    {
        if (exists)
        {
            if (step.IsExists)
            {
                values[step.Slot] = True;
            }

            return true;
        }

        if (step.OnMissing == OnMissing.Raise)
        {
            return false;
        }

        values[step.Slot] = step.OnMissing == OnMissing.False ? False : null;
        return true;
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
        if (plan.Rules.IsEmpty)
        {
            return;
        }

        var command = context.Values[plan.Input!.Slot]!;
        List<RuleViolation>? violations = null;
        foreach (var rule in plan.Rules)
        {
            if (rule.Check(command, fields, context) is { } violation)
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
