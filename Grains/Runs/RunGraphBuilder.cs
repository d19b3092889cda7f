namespace Loom.Runs;

/// <summary>Declares an operation's graph of states, as registered at start-up; <see cref="RunPlanCompiler"/> checks it.</summary>
public sealed class RunGraphBuilder
{
    private readonly List<RunStateDeclaration> _states = [];
    private readonly List<RunEdge> _edges = [];

    /// <summary>The states in declaration order.</summary>
    public IReadOnlyList<RunStateDeclaration> States => _states;

    /// <summary>The dependencies in declaration order.</summary>
    public IReadOnlyList<RunEdge> Edges => _edges;

    /// <summary>Adds a state handled by <typeparamref name="THandler"/>, running after the states named in <paramref name="after"/>.</summary>
    public RunGraphBuilder State<THandler>(string id, params string[] after) where THandler : class, IRunStateHandler => State(id, typeof(THandler), after);

    /// <summary>Adds a state handled by <paramref name="handler"/>, running after the states named in <paramref name="after"/>.</summary>
    public RunGraphBuilder State(string id, Type handler, params string[] after)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(after);
        if (!typeof(IRunStateHandler).IsAssignableFrom(handler) || handler.IsAbstract)
        {
            throw new ArgumentException($"State '{id}': {handler.FullName} is not a concrete {nameof(IRunStateHandler)}.", nameof(handler));
        }

        _states.Add(new RunStateDeclaration(id, handler));
        foreach (var dependency in after)
        {
            _edges.Add(new RunEdge(dependency, id));
        }

        return this;
    }

    /// <summary>Adds a dependency: <paramref name="to"/> runs once <paramref name="from"/> has completed.</summary>
    public RunGraphBuilder Edge(string from, string to)
    {
        ArgumentException.ThrowIfNullOrEmpty(from);
        ArgumentException.ThrowIfNullOrEmpty(to);
        _edges.Add(new RunEdge(from, to));
        return this;
    }
}
