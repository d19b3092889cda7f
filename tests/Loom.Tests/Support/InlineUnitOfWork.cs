using Loom.UseCases;

namespace Loom.Tests.Support;

/// <summary>A unit of work that only counts: how many were opened, committed and rolled back.</summary>
public sealed class InlineUnitOfWork : IUnitOfWork
{
    private readonly AsyncLocal<bool> _active = new();

    public int Opened { get; private set; }

    public int Committed { get; private set; }

    public int RolledBack { get; private set; }

    public bool IsActive => _active.Value;

    public async Task<object?> RunAsync(string useCase, Func<Task<object?>> work)
    {
        Opened++;
        _active.Value = true;
        try
        {
            var result = await work();
            Committed++;
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
}
