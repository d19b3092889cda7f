using Loom.Jobs;

namespace Loom.Client.Commands;

/// <summary>What <c>loom jobs pending</c> and <c>loom jobs failed</c> do, given a connection to the cluster.</summary>
internal sealed class JobCommands(IGrainFactory grains, TextWriter output)
{
    private IJobMonitorGrain Monitor => grains.GetGrain<IJobMonitorGrain>(0);

    /// <summary>Prints the jobs waiting to run, one a line.</summary>
    public async Task<int> PendingAsync()
    {
        foreach (var job in await Monitor.GetPendingAsync())
        {
            await output.WriteLineAsync($"{job.Id}  {job.UseCase}  from {job.DispatchedBy} at {job.DispatchedAt:O}  attempts {job.Attempts}{(job.NotBefore is { } next ? $"  next {next:O}" : "")}");
        }

        return ExitCodes.Success;
    }

    /// <summary>Prints the jobs that failed for good with their last error; exits with Refused when there are any.</summary>
    public async Task<int> FailedAsync()
    {
        var failed = await Monitor.GetFailedAsync();
        foreach (var job in failed)
        {
            await output.WriteLineAsync($"{job.Id}  {job.UseCase}  from {job.DispatchedBy}  after {job.Attempts} attempts: {job.LastError}");
        }

        return failed.Count == 0 ? ExitCodes.Success : ExitCodes.Refused;
    }
}
