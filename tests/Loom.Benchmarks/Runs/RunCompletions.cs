using System.Collections.Concurrent;
using Loom.Runs.Storage;
using Loom.Storage;

namespace Loom.Benchmarks.Runs;

/// <summary>
/// Tells when a run has completed: the moment the append holding its <c>RunCompleted</c> event is
/// written, seen through <see cref="CountingTableStoreFactory"/>, so no one polls the run grain.
/// </summary>
public sealed class RunCompletions
{
    private const string CompletedType = "RunCompleted";

    private readonly string _eventTable = new RunStorageOptions().EventTableName;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>Completes once the run's final event is stored; call before starting the run.</summary>
    public Task Watch(string runId)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[TableKeyEncoding.Encode(runId)] = completion;
        return completion.Task;
    }

    /// <summary>Looks at a written batch for a run's final event.</summary>
    public void Observe(string table, IReadOnlyList<TableOperation> operations)
    {
        if (table != _eventTable)
        {
            return;
        }

        foreach (var operation in operations)
        {
            if (operation.Row?.Get<string>("Type") == CompletedType && _waiting.TryRemove(operation.PartitionKey, out var completion))
            {
                completion.SetResult();
            }
        }
    }
}
