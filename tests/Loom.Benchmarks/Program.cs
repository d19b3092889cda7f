using BenchmarkDotNet.Running;
using Loom.Benchmarks.Contention;

switch (args)
{
    case ["contention"]:
        await ContentionRun.RunAsync();
        break;
    case ["throughput"]:
        await ThroughputRun.RunAsync();
        break;
    case ["runs"]:
        await Loom.Benchmarks.Runs.RunEngineRun.RunAsync();
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(ContentionRun).Assembly).Run(args);
        break;
}
