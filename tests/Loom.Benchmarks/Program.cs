using BenchmarkDotNet.Running;
using Loom.Benchmarks.Contention;
using Loom.Benchmarks.Recovery;

switch (args)
{
    case ["contention"]:
        await ContentionRun.RunAsync();
        break;
    case ["throughput"]:
        await ThroughputRun.RunAsync();
        break;
    case ["throughput", "jobs"]:
        await ThroughputRun.CompareTransfersWithJobsAsync();
        break;
    case ["throughput", "idempotency", .. var store]:
        await ThroughputRun.CompareIdempotencyAsync(sqlite: store is ["sqlite"]);
        break;
    case ["recovery", "runs", .. var runRecovery]:
        await RunRecoveryRun.RunAsync(runRecovery);
        break;
    case ["recovery", "keyed", .. var keyedRecovery]:
        await RecoveryRun.RunAsync(keyedRecovery, keyed: true);
        break;
    case ["recovery", .. var recovery]:
        await RecoveryRun.RunAsync(recovery, keyed: false);
        break;
    case ["runs"]:
        await Loom.Benchmarks.Runs.RunEngineRun.RunAsync();
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(ContentionRun).Assembly).Run(args);
        break;
}
