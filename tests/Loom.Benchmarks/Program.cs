using BenchmarkDotNet.Running;
using Loom.Benchmarks.Contention;

if (args is ["contention"])
{
    await ContentionRun.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
