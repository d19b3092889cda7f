using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json.Serialization.Metadata;

namespace Loom.UseCases;

/// <summary>
/// The immutable, compiled form of a use case: built once by <see cref="UseCaseCompiler"/> and used
/// for every execution, with no reflection per call.
/// </summary>
public sealed class ExecutionPlan
{
    internal ExecutionPlan(
        Type useCaseType,
        string name,
        bool readOnly,
        ImmutableArray<ParameterBinding> parameters,
        InputBinding? input,
        ImmutableArray<LookupStep> lookups,
        ImmutableArray<ComputeStep> computes,
        ImmutableArray<RuleStep> rules,
        FrozenDictionary<string, int> slots,
        Func<IServiceProvider, object> createInstance,
        Func<object, object?[], ValueTask<object?>> invoke,
        JsonTypeInfo? resultTypeInfo)
    {
        UseCaseType = useCaseType;
        Name = name;
        ReadOnly = readOnly;
        Parameters = parameters;
        Input = input;
        Lookups = lookups;
        Computes = computes;
        Rules = rules;
        Slots = slots;
        CreateInstance = createInstance;
        Invoke = invoke;
        ResultTypeInfo = resultTypeInfo;
        HasIndexLookups = lookups.Any(l => !l.IsById);
        HasIdLookups = lookups.Any(l => l.IsById);
        ArgumentCount = slots.Count;
        SlotNames = new string[slots.Count];
        foreach (var (slotName, slot) in slots)
        {
            SlotNames[slot] = slotName;
        }
    }

    /// <summary>The use case class.</summary>
    public Type UseCaseType { get; }

    /// <summary>The name callers use.</summary>
    public string Name { get; }

    /// <summary>Read-only use cases run without a transaction.</summary>
    public bool ReadOnly { get; }

    /// <summary>Primitive parameters, in declaration order.</summary>
    public ImmutableArray<ParameterBinding> Parameters { get; }

    /// <summary>The command binding, if the use case has an <c>[Input]</c>.</summary>
    public InputBinding? Input { get; }

    /// <summary>Entity loads and existence checks, in declaration order.</summary>
    public ImmutableArray<LookupStep> Lookups { get; }

    /// <summary>Whether any lookup goes through a unique-field index rather than an id.</summary>
    public bool HasIndexLookups { get; }

    /// <summary>Whether any lookup is by id: then a call with an idempotency key anchors its receipt on the first such entity.</summary>
    public bool HasIdLookups { get; }

    /// <summary>Compute steps, in declaration order.</summary>
    public ImmutableArray<ComputeStep> Computes { get; }

    /// <summary>Rule steps, in declaration order.</summary>
    public ImmutableArray<RuleStep> Rules { get; }

    /// <summary>The argument position of each <c>Execute</c> parameter, by name.</summary>
    public FrozenDictionary<string, int> Slots { get; }

    /// <summary>The number of <c>Execute</c> arguments.</summary>
    public int ArgumentCount { get; }

    /// <summary>
    /// Each <c>Execute</c> parameter's name at its slot: rules ask for arguments by literal name, and
    /// over a handful of parameters a scan that compares references first beats hashing the name.
    /// </summary>
    internal string[] SlotNames { get; }

    /// <summary>How to write the result as JSON; null when <c>Execute</c> returns nothing.</summary>
    public JsonTypeInfo? ResultTypeInfo { get; }

    internal Func<IServiceProvider, object> CreateInstance { get; }

    internal Func<object, object?[], ValueTask<object?>> Invoke { get; }
}
