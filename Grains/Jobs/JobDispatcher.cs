using System.Text.Json;
using Loom.UseCases;

namespace Loom.Jobs;

/// <summary>Stages jobs in the ambient unit of work's batch.</summary>
internal sealed class JobDispatcher(UseCaseCatalog catalog, UseCaseCompiler compiler, TimeProvider time) : IJobDispatcher
{
    public Guid Dispatch(string useCase, object? parameters = null, object? payload = null) =>
        Stage(catalog.Get(useCase).Name, parameters, payload);

    public Guid Dispatch<TJob>(object? parameters = null, object? payload = null) =>
        Stage(compiler.Compile(typeof(TJob)).Name, parameters, payload);

    private Guid Stage(string useCase, object? parameters, object? payload)
    {
        var batch = JobBatch.Current ?? throw new InvalidOperationException(
            $"job {useCase} can only be dispatched from inside a write use case, whose commit releases it");
        var job = new JobEnvelope(
            Guid.NewGuid(),
            useCase,
            parameters is null ? null : JsonSerializer.Serialize(parameters, LoomJson.Options),
            payload is null ? null : JsonSerializer.Serialize(payload, LoomJson.Options),
            batch.DispatchedBy,
            time.GetUtcNow());
        batch.Jobs.Add(job);
        return job.Id;
    }
}
