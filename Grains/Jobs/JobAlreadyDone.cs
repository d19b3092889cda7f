namespace Loom.Jobs;

/// <summary>An earlier run of a job committed and took it out of its partition: this run's transaction aborts, with nothing to record.</summary>
internal sealed class JobAlreadyDone() : Exception("an earlier run of the job committed");
