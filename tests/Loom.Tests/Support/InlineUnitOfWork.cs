using Loom.Jobs;
using Loom.UseCases;

namespace Loom.Tests.Support;

/// <summary>A unit of work that only counts (opened, committed, rolled back) and keeps the jobs its commits released.</summary>
public sealed class InlineUnitOfWork : IUnitOfWork
{
    private readonly AsyncLocal<bool> _active = new();

    public int Opened { get; private set; }

    public int Committed { get; private set; }

    public int RolledBack { get; private set; }

    public List<JobEnvelope> Released { get; } = [];

    public bool IsActive => _active.Value;

    public async ValueTask<object?> RunAsync(string useCase, object state, Func<object, ValueTask<object?>> work, TimeSpan spent = default)
    {
        Opened++;
        _active.Value = true;
        var jobs = JobBatch.Begin(useCase);
        try
        {
            var result = await work(state);
            Committed++;
            Released.AddRange(jobs.Jobs);
            return result;
        }
        catch
        {
            RolledBack++;
            throw;
        }
        finally
        {
            _active.Value = false;
        }
    }

    public ValueTask<object?> ReadAsync(string useCase, object state, Func<object, ValueTask<object?>> work) => work(state);
}
