namespace Loom.Runs;

/// <summary>
/// One durable run, keyed by run id. Its history is an append-only event stream; the grain rebuilds
/// its state from it on activation and resumes an unfinished run by itself.
/// </summary>
public interface IRunGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the run. Starting it again with the same manifest returns its status; with another
    /// manifest it is refused with <see cref="Errors.RunAlreadyStarted"/>.
    /// </summary>
    Task<RunStatusView> StartAsync(StartRunRequest request);

    /// <summary>The run's status now.</summary>
    Task<RunStatusView> GetStatusAsync();

    /// <summary>Resumes an unfinished run now (it also resumes on activation and on its reminder).</summary>
    Task<RunStatusView> ResumeAsync();

    /// <summary>Cancels the run: it stops before its next state and ends as cancelled.</summary>
    Task<RunStatusView> CancelAsync();

    /// <summary>The run's history from <paramref name="fromSequence"/> on.</summary>
    Task<IReadOnlyList<RunHistoryEntry>> GetHistoryAsync(long fromSequence = 1);
}
