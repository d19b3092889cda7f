namespace Loom.Runs;

/// <summary>
/// The work of one state of a run. It reads the run's inputs and context, may change the context
/// and emit domain events, and fails by throwing: a <see cref="RunStateException"/> says whether
/// trying again can help; other exceptions are judged by type (see <see cref="RunFailures"/>). Its
/// code is never replayed: a state that completed is not run again, one that crashed runs again
/// as a new attempt from the context it started with.
/// </summary>
public interface IRunStateHandler
{
    /// <summary>Does the state's work.</summary>
    Task ExecuteAsync(RunStateContext context);
}
