using Loom.Client.Commands;
using Loom.Jobs;
using Loom.Samples.Ledger;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.IntegrationTests.Jobs;

[Collection(ClusterCollection.Name)]
public sealed class JobTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    private JobProbe Probe => fixture.Cluster.GetSiloServiceProvider().GetRequiredService<JobProbe>();

    [Fact]
    public async Task A_job_runs_after_its_use_case_commits_and_sees_what_it_wrote()
    {
        var probeId = Ledger.NewId();

        await Grains.ExecuteUseCaseAsync(nameof(OpenAndProbe), new { probeId, job = nameof(ProbeJob), fail = false });

        await Eventually(() => Probe.Of(probeId).Count == 1);
        Assert.Equal(["balance 7"], Probe.Of(probeId));
    }

    [Fact]
    public async Task A_job_dispatched_by_an_aborted_use_case_never_runs()
    {
        var (aborted, committed) = (Ledger.NewId(), Ledger.NewId());

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Grains.ExecuteUseCaseAsync(nameof(OpenAndProbe), new { probeId = aborted, job = nameof(ProbeJob), fail = true }));
        await Grains.ExecuteUseCaseAsync(nameof(OpenAndProbe), new { probeId = committed, job = nameof(ProbeJob), fail = false });
        await Eventually(() => Probe.Of(committed).Count == 1);
        await Eventually(async () => (await Monitor.GetPendingAsync()).Count == 0);

        Assert.Empty(Probe.Of(aborted));
    }

    [Fact]
    public async Task A_failing_job_is_retried_until_it_succeeds()
    {
        var probeId = Ledger.NewId();

        await Grains.ExecuteUseCaseAsync(nameof(OpenAndProbe), new { probeId, job = nameof(FlakyJob), fail = false });

        await Eventually(async () => Probe.Of(probeId).Count == 3 && (await Monitor.GetPendingAsync()).All(j => !j.Parameters!.Contains(probeId)));
        Assert.DoesNotContain(await Monitor.GetFailedAsync(), j => j.Parameters!.Contains(probeId));
    }

    [Fact]
    public async Task A_job_the_cluster_cut_short_is_retried_without_using_up_its_attempts()
    {
        var probeId = Ledger.NewId();

        await Grains.ExecuteUseCaseAsync(nameof(OpenAndProbe), new { probeId, job = nameof(SiloLosingJob), fail = false });

        await Eventually(async () => Probe.Of(probeId).Count == 5 && (await Monitor.GetPendingAsync()).All(j => !j.Parameters!.Contains(probeId)));
        Assert.DoesNotContain(await Monitor.GetFailedAsync(), j => j.Parameters!.Contains(probeId));
    }

    [Fact]
    public async Task A_job_that_keeps_failing_is_kept_as_failed_with_its_error()
    {
        var probeId = Ledger.NewId();

        await Grains.ExecuteUseCaseAsync(nameof(OpenAndProbe), new { probeId, job = nameof(DoomedJob), fail = false });

        await Eventually(async () => (await Monitor.GetFailedAsync()).Any(j => j.Parameters!.Contains(probeId)));
        var failed = Assert.Single(await Monitor.GetFailedAsync(), j => j.Parameters!.Contains(probeId));
        Assert.Equal((nameof(DoomedJob), nameof(OpenAndProbe), 3), (failed.UseCase, failed.DispatchedBy, failed.Attempts));
        Assert.Equal($"InvalidOperationException: doomed {probeId}", failed.LastError);
        Assert.Equal(3, Probe.Of(probeId).Count);
    }

    [Fact]
    public async Task The_cli_lists_failed_jobs_with_their_error()
    {
        var probeId = Ledger.NewId();
        await Grains.ExecuteUseCaseAsync(nameof(OpenAndProbe), new { probeId, job = nameof(DoomedJob), fail = false });
        await Eventually(async () => (await Monitor.GetFailedAsync()).Any(j => j.Parameters!.Contains(probeId)));
        var output = new StringWriter();

        var code = await new JobCommands(Grains, output).FailedAsync();

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Contains($"DoomedJob  from OpenAndProbe  after 3 attempts: InvalidOperationException: doomed {probeId}", output.ToString());
    }

    [Fact]
    public async Task A_job_whose_wake_up_was_lost_still_runs_by_the_sweep()
    {
        var outbox = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<LosingWakeOutbox>();
        var probeId = Ledger.NewId();
        outbox.DropWakes = true;
        try
        {
            await Grains.ExecuteUseCaseAsync(nameof(OpenAndProbe), new { probeId, job = nameof(ProbeJob), fail = false });
        }
        finally
        {
            outbox.DropWakes = false;
        }

        await Eventually(() => Probe.Of(probeId).Count == 1);
        Assert.Equal(["balance 7"], Probe.Of(probeId));
    }

    [Fact]
    public async Task A_transfer_sends_its_notice()
    {
        var (a, b) = (Ledger.NewId(), Ledger.NewId());
        await Grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new OpenAccountCommand(a, "Ann", 50));
        await Grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new OpenAccountCommand(b, "Bob", 0));

        var transfer = await Grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: new TransferCommand(a, b, 20));

        TransferNotice? notice = null;
        await Eventually(async () =>
        {
            try
            {
                notice = await Grains.ExecuteUseCaseAsync<TransferNotice>(nameof(GetTransferNotice), new { transferId = transfer!.TransferId });
                return true;
            }
            catch (Errors.NotFound)
            {
                return false;
            }
        });
        Assert.Equal(new TransferNotice(transfer!.TransferId, a, b, 20), notice);
    }

    private IJobMonitorGrain Monitor => Grains.GetGrain<IJobMonitorGrain>(0);

    private static Task Eventually(Func<bool> condition) => Poll.UntilAsync(condition, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(25));

    private static Task Eventually(Func<Task<bool>> condition) => Poll.UntilAsync(condition, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(25));
}
