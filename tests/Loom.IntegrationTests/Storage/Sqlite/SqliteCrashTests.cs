using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;

namespace Loom.IntegrationTests.Storage.Sqlite;

/// <summary>
/// Kills a process that is writing (SIGKILL: no disposal, no flush, no checkpoint) and checks that
/// every write it had acknowledged is in the file. The probe prints a key only after its write
/// completed, so a key on its output is a promise the store made.
/// </summary>
public sealed partial class SqliteCrashTests : IDisposable
{
    private const int AcknowledgementsBeforeKill = 2000;
    private readonly SqliteTempFile _file = new();

    /// <summary>The probe's build, copied beside the tests by the project reference.</summary>
    private static string ProbePath => Path.Combine(AppContext.BaseDirectory, "Loom.StorageCrashProbe.dll");

    [Theory]
    [InlineData(SqliteDurability.Normal)]
    [InlineData(SqliteDurability.Full)]
    public async Task Every_acknowledged_write_survives_the_writer_being_killed(SqliteDurability durability)
    {
        var acknowledged = new ConcurrentQueue<string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new ConcurrentQueue<string>();
        using var probe = new Process { StartInfo = ProbeStart(durability) };
        probe.OutputDataReceived += (_, line) =>
        {
            // A line cut short by the kill is not a whole key, and so not an acknowledgement.
            if (line.Data is { } key && Key().IsMatch(key))
            {
                acknowledged.Enqueue(key);
                if (acknowledged.Count >= AcknowledgementsBeforeKill)
                {
                    enough.TrySetResult();
                }
            }
        };
        probe.ErrorDataReceived += (_, line) => errors.Enqueue(line.Data ?? "");

        probe.Start();
        try
        {
            probe.BeginOutputReadLine();
            probe.BeginErrorReadLine();
            await Task.WhenAny(enough.Task, probe.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(enough.Task.IsCompleted, $"The probe stopped after {acknowledged.Count} writes: {string.Join('\n', errors)}");
        }
        finally
        {
            probe.Kill(entireProcessTree: true);
        }

        // Waiting for exit also drains what the probe printed before it died.
        await probe.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await using var reopened = _file.Open(durability);
        var table = await reopened.OpenAsync("crash");
        var stored = await table.QueryAllAsync(new TableQuery("crash")).Select(r => r.RowKey).ToHashSetAsync(StringComparer.Ordinal);

        Assert.True(acknowledged.Count >= AcknowledgementsBeforeKill);
        Assert.Subset(stored, acknowledged.ToHashSet(StringComparer.Ordinal));
    }

    public void Dispose() => _file.Dispose();

    [GeneratedRegex(@"^\d{3}-\d{7}$")]
    private static partial Regex Key();

    private ProcessStartInfo ProbeStart(SqliteDurability durability)
    {
        // The SDK tells the processes it starts where its dotnet host is; "dotnet" on the PATH otherwise.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { ProbePath, _file.Path, durability.ToString(), "16", "60" })
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
