using Loom.Entities;
using Loom.Jobs;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.IntegrationTests.Jobs;

/// <summary>Opens an account and dispatches a probe job about it; fails after dispatching if asked.</summary>
[UseCase]
public sealed class OpenAndProbe(IRepository<Account> accounts, IJobDispatcher jobs)
{
    public async Task Execute(string probeId, string job, bool fail)
    {
        await accounts.SaveAsync(new Account(probeId, "probe", 7));
        jobs.Dispatch(job, new { probeId });
        if (fail)
        {
            throw new InvalidOperationException("aborted after dispatching");
        }
    }
}

/// <summary>Records whether the dispatching use case's account was visible when the job ran.</summary>
[UseCase]
public sealed class ProbeJob(JobProbe probe)
{
    public void Execute(string probeId, [LoadById(From.Param, nameof(probeId), OnMissing = OnMissing.Null)] Account? account) =>
        probe.Record(probeId, account is null ? "account missing" : $"balance {account.Balance}");
}

/// <summary>Fails on its first two runs, then succeeds.</summary>
[UseCase]
public sealed class FlakyJob(JobProbe probe)
{
    public void Execute(string probeId)
    {
        if (probe.Record(probeId, "ran") < 3)
        {
            throw new InvalidOperationException("flaky");
        }
    }
}

/// <summary>Always fails.</summary>
[UseCase]
public sealed class DoomedJob(JobProbe probe)
{
    public void Execute(string probeId)
    {
        probe.Record(probeId, "ran");
        throw new InvalidOperationException($"doomed {probeId}");
    }
}

/// <summary>Loses its silo on its first four runs (more than the attempts a job has), then succeeds.</summary>
[UseCase]
public sealed class SiloLosingJob(JobProbe probe)
{
    public void Execute(string probeId)
    {
        if (probe.Record(probeId, "ran") <= 4)
        {
            throw new Orleans.Runtime.SiloUnavailableException("the target silo became unavailable");
        }
    }
}
