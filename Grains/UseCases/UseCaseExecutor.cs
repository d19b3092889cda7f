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
public sealed class UseCaseExecutor : IUseCaseExecutor
{
    private static readonly object True = true;
    private static readonly object False = false;

    private readonly UseCaseCatalog _catalog;
    private readonly UseCaseCompiler _compiler;
    private readonly IUnitOfWork _unitOfWork;
    private readonly UseCaseTelemetry _telemetry;
    private readonly IOptions<UseCaseOptions> _options;
    private readonly IServiceProvider _services;

    /// <summary>The pipeline as the unit of work runs it, made once rather than per execution.</summary>
    private readonly Func<object, ValueTask<object?>> _runPipeline;

    /// <summary>Creates the executor over the registered use cases and the unit of work writes run in.</summary>
    public UseCaseExecutor(
        UseCaseCatalog catalog,
        UseCaseCompiler compiler,
        IUnitOfWork unitOfWork,
        UseCaseTelemetry telemetry,
        IOptions<UseCaseOptions> options,
        IServiceProvider services)
    {
        _catalog = catalog;
        _compiler = compiler;
        _unitOfWork = unitOfWork;
        _telemetry = telemetry;
        _options = options;
        _services = services;
        _runPipeline = execution => RunPipeline((UseCaseExecution)execution);
    }

    /// <inheritdoc />
    public ValueTask<object?> ExecuteAsync(string name, UseCaseArguments arguments) => ExecuteAsync(_catalog.Get(name), arguments);

    /// <inheritdoc />
    public ValueTask<object?> ExecuteAsync(Type useCaseType, UseCaseArguments arguments) => ExecuteAsync(_compiler.Compile(useCaseType), arguments);

    /// <summary>Runs <paramref name="plan"/> with the caller's arguments.</summary>
    /// <remarks>
    /// Unobserved executions whose repositories answer synchronously run to the end without an async
    /// state machine; failures still surface through the returned task only.
    /// </remarks>
    public ValueTask<object?> ExecuteAsync(ExecutionPlan plan, UseCaseArguments arguments) => ExecuteAsync(Prepare(plan, arguments));

    /// <summary>An execution of <paramref name="plan"/> with the caller's arguments, to run with <see cref="ExecuteAsync(UseCaseExecution)"/>.</summary>
    internal UseCaseExecution Prepare(ExecutionPlan plan, UseCaseArguments arguments) =>
        new(plan, arguments, _options.Value.LogSteps && _telemetry.LogsSteps);

    /// <summary>Runs a prepared execution; the caller can then tell what it anchored on.</summary>
    internal ValueTask<object?> ExecuteAsync(UseCaseExecution execution) =>
        _telemetry.ObservesExecutions ? ExecuteObservedAsync(execution) : Run(execution);

    private async ValueTask<object?> ExecuteObservedAsync(UseCaseExecution execution)
    {
        var name = execution.Plan.Name;
        using var scope = _telemetry.ExecutionStarted(name);
        try
        {
            var result = await Run(execution);
            _telemetry.ExecutionDone(name, scope);
            return result;
        }
        catch (Exception error)
        {
            _telemetry.ExecutionFailed(name, scope, error);
            throw;
        }
    }

    private ValueTask<object?> Run(UseCaseExecution execution)
    {
        var plan = execution.Plan;
        if (_unitOfWork.IsActive)
        {
            return RunPipeline(execution);
        }

        return plan.ReadOnly ? _unitOfWork.ReadAsync(plan.Name, execution, _runPipeline) : _unitOfWork.RunAsync(plan.Name, execution, _runPipeline);
    }

    /// <summary>Runs the pipeline; like an async method, it reports every failure through the returned task.</summary>
    private ValueTask<object?> RunPipeline(UseCaseExecution execution)
    {
        try
        {
            var plan = execution.Plan;
            Bind(plan, execution.Arguments.Parameters, execution.Values);
            BuildCommand(execution);
            if (!plan.Lookups.IsEmpty && LookUp(execution) is { IsCompletedSuccessfully: false } lookups)
            {
                return RunAfterLookUpAsync(lookups, execution);
            }

            return RunSteps(execution);
        }
        catch (Exception error)
        {
            return ValueTask.FromException<object?>(error);
        }
    }

    private async ValueTask<object?> RunAfterLookUpAsync(Task lookups, UseCaseExecution execution)
    {
        await lookups;
        return await RunSteps(execution);
    }

    /// <summary>Computes, rules and <c>Execute</c>: everything after the lookups.</summary>
    private ValueTask<object?> RunSteps(UseCaseExecution execution)
    {
        var plan = execution.Plan;
        ApplyComputes(execution);
        CheckRules(execution);
        Step(execution, "Execute");
        return plan.Invoke(plan.CreateInstance(_services), execution.Values);
    }

    private static void Bind(ExecutionPlan plan, ReadOnlyMemory<byte> parameters, object?[] values)
    {
        if (plan.Parameters.IsEmpty)
        {
            return;
        }

        var buffer = default(InlineBuffer<bool>);
        var bound = buffer.Take(plan.Parameters.Length);
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

    private void BuildCommand(UseCaseExecution execution)
    {
        var plan = execution.Plan;
        if (plan.Input is not { } input)
        {
            return;
        }

        var payload = execution.Arguments.Payload;
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
            execution.Values[input.Slot] = JsonSerializer.Deserialize(payload.Span, input.TypeInfo);
        }
        catch (JsonException error)
        {
            throw new PayloadError(plan.Name, error.Path ?? "$", error.Message);
        }

        Step(execution, "Bind Input");
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
        var idBuffer = default(InlineBuffer<string>);
        var orderBuffer = default(InlineBuffer<int>);
        var ids = idBuffer.Take(lookups.Length);
        var order = orderBuffer.Take(lookups.Length);
        for (var i = 0; i < lookups.Length; i++)
        {
            ids[i] = LookupValue.Format(lookups[i].ReadLookupValue(context.Values));
            order[i] = i;
        }

        LockOrder.SortForIdReads(lookups, ids, order);
        context.Anchor = new EntityKey(lookups[order[0]].Entity.FullName, ids[order[0]]);
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

        context.Anchor = FirstById(lookups, keys);
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

    /// <summary>Of the lookups by id, the entity first in lock order; null when every lookup goes through an index.</summary>
    private static EntityKey? FirstById(ImmutableArray<LookupStep> lookups, LookupKeys[] keys)
    {
        EntityKey? first = null;
        foreach (var key in keys)
        {
            var step = lookups[key.Step];
            if (step.IsById && new EntityKey(step.Entity.FullName, key.Value) is var candidate && (first is not { } known || candidate.CompareTo(known) < 0))
            {
                first = candidate;
            }
        }

        return first;
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

    private void ApplyComputes(UseCaseExecution execution)
    {
        var plan = execution.Plan;
        foreach (var compute in plan.Computes)
        {
            execution.Values[plan.Input!.Slot] = compute.Apply(execution.Values[plan.Input.Slot]!, execution, execution);
            Step(execution, "Compute", compute.Name);
        }
    }

    private void CheckRules(UseCaseExecution execution)
    {
        var plan = execution.Plan;
        if (plan.Rules.IsEmpty)
        {
            return;
        }

        var command = execution.Values[plan.Input!.Slot]!;
        List<RuleViolation>? violations = null;
        foreach (var rule in plan.Rules)
        {
            if (rule.Check(command, execution, execution) is { } violation)
            {
                (violations ??= []).Add(violation);
            }

            Step(execution, "Rule", rule.Name);
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
            _telemetry.Step(context.Plan.Name, step);
        }
    }

    private void Step(UseCaseContext context, string kind, string name)
    {
        if (context.LogsSteps)
        {
            _telemetry.Step(context.Plan.Name, $"{kind} {name}");
        }
    }

    private void Step(UseCaseContext context, LookupStep lookup, string verb, string field, string key)
    {
        if (context.LogsSteps)
        {
            _telemetry.Step(context.Plan.Name, $"{verb} {lookup.Entity.Name}.{field}={key} ({lookup.Name}, from {lookup.SourceDescription})");
        }
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
