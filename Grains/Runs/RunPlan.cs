namespace Loom.Runs;

/// <summary>
/// A checked, immutable graph of states under an operation id and version: the states in the order a
/// sequential run takes them, each state's dependencies, and a hash of the graph as declared, which
/// a run records when it starts so that it never resumes on a different graph.
/// </summary>
public sealed class RunPlan
{
    internal RunPlan(string operationId, int version, IReadOnlyList<RunStateDeclaration> order, IReadOnlyDictionary<string, IReadOnlyList<string>> dependencies, string graphHash)
    {
        OperationId = operationId;
        Version = version;
        Order = order;
        Dependencies = dependencies;
        GraphHash = graphHash;
    }

    /// <summary>The operation's id.</summary>
    public string OperationId { get; }

    /// <summary>The version the graph was registered under.</summary>
    public int Version { get; }

    /// <summary>Every state, dependencies first; independent states in declaration order.</summary>
    public IReadOnlyList<RunStateDeclaration> Order { get; }

    /// <summary>The states each state waits for (empty for a root).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Dependencies { get; }

    /// <summary>The lower-case hex SHA-256 of the graph's canonical description: ids, handler types, edges, in declaration order.</summary>
    public string GraphHash { get; }
}
