using System.Text.Json;
using System.Text.Json.Nodes;
using Loom.Runs.History;

namespace Loom.Runs;

/// <summary>What a state's handler sees of its run, and how it changes it.</summary>
public sealed class RunStateContext
{
    private readonly List<DomainEventRecorded> _emitted = [];
    private int _children;

    /// <summary>Creates the context of one attempt.</summary>
    public RunStateContext(string runId, string stateId, int attempt, JsonElement inputs, JsonObject context, IServiceProvider services, CancellationToken cancellationToken)
    {
        RunId = runId;
        StateId = stateId;
        Attempt = attempt;
        Inputs = inputs;
        Context = context;
        Services = services;
        CancellationToken = cancellationToken;
    }

    /// <summary>The run's id.</summary>
    public string RunId { get; }

    /// <summary>The state being run.</summary>
    public string StateId { get; }

    /// <summary>0 for the first attempt of this state, 1 for the first retry, and so on.</summary>
    public int Attempt { get; }

    /// <summary>The run's inputs, from its manifest.</summary>
    public JsonElement Inputs { get; }

    /// <summary>The run's context as the previous state left it; changes are kept when this state completes.</summary>
    public JsonObject Context { get; }

    /// <summary>The silo's services (to execute use cases, for instance).</summary>
    public IServiceProvider Services { get; }

    /// <summary>Signalled when the run is cancelled or its silo stops.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The domain events emitted so far by this attempt.</summary>
    public IReadOnlyList<DomainEventRecorded> Emitted => _emitted;

    /// <summary>
    /// The id of the next child run this attempt starts: the same on every attempt of the state, so a
    /// state run again after a crash finds the child it had started instead of starting another.
    /// </summary>
    public string NextChildRunId() => $"{RunId}/{StateId}/{++_children}";

    /// <summary>
    /// Records a domain event in the run's history. It is written with the state's completion, so an
    /// attempt that fails or crashes leaves no event behind and a retry does not emit it twice.
    /// </summary>
    public void Emit(string name, object? data = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _emitted.Add(new DomainEventRecorded(StateId, name, JsonSerializer.Serialize(data)));
    }
}
