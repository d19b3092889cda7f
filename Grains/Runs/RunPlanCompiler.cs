using System.Buffers;
using System.Text.Json;
using Loom.Errors;

namespace Loom.Runs;

/// <summary>Checks an operation's graph and turns it into a <see cref="RunPlan"/>.</summary>
public static class RunPlanCompiler
{
    /// <summary>Compiles the graph registered as <paramref name="operationId"/> version <paramref name="version"/>.</summary>
    /// <exception cref="InvalidRunPlan">The graph is empty, names a state twice, has an edge to an undeclared state, or a cycle.</exception>
    public static RunPlan Compile(string operationId, int version, RunGraphBuilder graph)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationId);
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.States.Count == 0)
        {
            throw new InvalidRunPlan(InvalidRunPlan.EmptyPlan, operationId, [], "the graph has no states");
        }

        var states = new Dictionary<string, RunStateDeclaration>(StringComparer.Ordinal);
        foreach (var state in graph.States)
        {
            if (!states.TryAdd(state.Id, state))
            {
                throw new InvalidRunPlan(InvalidRunPlan.DuplicateState, operationId, [state.Id], $"state '{state.Id}' is declared twice");
            }
        }

        var dependencies = graph.States.ToDictionary(s => s.Id, _ => new List<string>(), StringComparer.Ordinal);
        var dependents = graph.States.ToDictionary(s => s.Id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var edge in graph.Edges)
        {
            foreach (var end in new[] { edge.From, edge.To })
            {
                if (!states.ContainsKey(end))
                {
                    throw new InvalidRunPlan(InvalidRunPlan.MissingStateForEdge, operationId, [end], $"the edge {edge.From} -> {edge.To} names state '{end}', which the graph does not declare");
                }
            }

            dependencies[edge.To].Add(edge.From);
            dependents[edge.From].Add(edge.To);
        }

        var order = TopologicalOrder(operationId, graph.States, dependencies, dependents);
        return new RunPlan(
            operationId,
            version,
            order,
            dependencies.ToDictionary(d => d.Key, d => (IReadOnlyList<string>)d.Value.Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal),
            GraphHash(operationId, version, graph));
    }

    // Kahn's algorithm, taking ready states in declaration order so that the order is the same on every silo.
    private static List<RunStateDeclaration> TopologicalOrder(string operationId, IReadOnlyList<RunStateDeclaration> declared, Dictionary<string, List<string>> dependencies, Dictionary<string, List<string>> dependents)
    {
        var waiting = dependencies.ToDictionary(d => d.Key, d => d.Value.Count, StringComparer.Ordinal);
        var position = declared.Select((state, index) => (state.Id, index)).ToDictionary(p => p.Id, p => p.index, StringComparer.Ordinal);
        var ready = new PriorityQueue<RunStateDeclaration, int>(declared.Where(s => waiting[s.Id] == 0).Select(s => (s, position[s.Id])));
        var order = new List<RunStateDeclaration>(declared.Count);
        while (ready.TryDequeue(out var state, out _))
        {
            order.Add(state);
            foreach (var next in dependents[state.Id])
            {
                if (--waiting[next] == 0)
                {
                    ready.Enqueue(declared[position[next]], position[next]);
                }
            }
        }

        if (order.Count < declared.Count)
        {
            var cycle = FindCycle(waiting, dependencies);
            throw new InvalidRunPlan(InvalidRunPlan.CircularDependency, operationId, cycle, $"the states {string.Join(" -> ", cycle)} depend on each other in a cycle");
        }

        return order;
    }

    // Every state left waiting has a dependency that is left waiting too, so walking back along
    // dependencies must meet a state twice; the walk between the two meetings is a cycle.
    private static string[] FindCycle(Dictionary<string, int> waiting, Dictionary<string, List<string>> dependencies)
    {
        var walk = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var current = waiting.First(w => w.Value > 0).Key;
        while (!seen.ContainsKey(current))
        {
            seen[current] = walk.Count;
            walk.Add(current);
            current = dependencies[current].First(d => waiting[d] > 0);
        }

        var cycle = walk.Skip(seen[current]).Reverse().ToList();
        cycle.Add(cycle[0]);
        return [.. cycle];
    }

    private static string GraphHash(string operationId, int version, RunGraphBuilder graph)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("edges");
            foreach (var edge in graph.Edges)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(edge.From);
                writer.WriteStringValue(edge.To);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteString("operation", operationId);
            writer.WriteStartArray("states");
            foreach (var state in graph.States)
            {
                writer.WriteStartObject();
                writer.WriteString("handler", state.Handler.FullName);
                writer.WriteString("id", state.Id);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("version", version);
            writer.WriteEndObject();
        }

        return CanonicalJson.Sha256(buffer.WrittenSpan);
    }
}
