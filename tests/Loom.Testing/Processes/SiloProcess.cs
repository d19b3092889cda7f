using System.Diagnostics;
using System.Globalization;

namespace Loom.Testing.Processes;

/// <summary>
/// A Loom silo as a process of its own (a built silo host such as Loom.Silo.dll, run by <c>dotnet</c>),
/// so that it can be killed outright or stopped with SIGTERM; its standard output and error go to a log
/// file, each line stamped with the UTC time.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly StreamWriter _log;
    private bool _logClosed;

    private SiloProcess(Process process, StreamWriter log, SiloPorts ports, string logPath)
    {
        _process = process;
        _log = log;
        Ports = ports;
        LogPath = logPath;
    }

    /// <summary>The ports it listens on.</summary>
    public SiloPorts Ports { get; }

    /// <summary>The file its output goes to.</summary>
    public string LogPath { get; }

    /// <summary>Its process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Its exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>An HTTP client for its API, with <paramref name="timeout"/> per request.</summary>
    public HttpClient CreateHttpClient(TimeSpan timeout) => new() { BaseAddress = new Uri(Url(Ports)), Timeout = timeout };

    /// <summary>
    /// Starts the silo host <paramref name="dll"/> on <paramref name="ports"/> with further command-line
    /// <paramref name="arguments"/>, and waits until <c>/health/ready</c> answers (it is then an active cluster member).
    /// </summary>
    /// <exception cref="InvalidOperationException">The silo exited or was not ready within <paramref name="readyTimeout"/>.</exception>
    public static async Task<SiloProcess> StartAsync(string dll, SiloPorts ports, IEnumerable<string> arguments, string logPath, TimeSpan readyTimeout)
    {
        ArgumentNullException.ThrowIfNull(dll);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            dll, "--urls", Url(ports),
            "--Loom:Silo:SiloPort", ports.Silo.ToString(CultureInfo.InvariantCulture),
            "--Loom:Silo:GatewayPort", ports.Gateway.ToString(CultureInfo.InvariantCulture),
        }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {dll} did not start.");
        var silo = new SiloProcess(process, log, ports, logPath);
        process.OutputDataReceived += (_, line) => silo.Write("out", line.Data);
        process.ErrorDataReceived += (_, line) => silo.Write("err", line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await silo.WaitUntilReadyAsync(readyTimeout);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL to the process tree: no shutdown, no flush, as a crash or <c>kill -9</c> would.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(ExitWait);
    }

    /// <summary>
    /// SIGTERM, which the host turns into a graceful shutdown; waits up to <paramref name="cap"/> for the exit
    /// and kills the process after that. Returns the time from the signal to the exit, and whether it exited on its own.
    /// </summary>
    public async Task<(TimeSpan Elapsed, bool ExitedOnItsOwn)> TerminateAsync(TimeSpan cap)
    {
        var started = Stopwatch.GetTimestamp();
        var signal = new ProcessStartInfo("kill");
        signal.ArgumentList.Add("-TERM");
        signal.ArgumentList.Add(Pid.ToString(CultureInfo.InvariantCulture));
        using (var kill = Process.Start(signal)!)
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(cap);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return (Stopwatch.GetElapsedTime(started), true);
        }
        catch (OperationCanceledException)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            Kill();
            return (elapsed, false);
        }
    }

    /// <summary>Kills the silo if it still runs, and closes its log.</summary>
    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        lock (_log)
        {
            _logClosed = true;
            _log.Dispose();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Url(SiloPorts ports) => $"http://127.0.0.1:{ports.Http}";

    // The pipes' reader threads may deliver a last line after the log is closed.
    private void Write(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (!_logClosed)
            {
                _log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {stream} {line}");
            }
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = CreateHttpClient(TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (_process.HasExited || DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException(
                    $"The silo at {Url(Ports)} did not become ready within {timeout} (exited: {_process.HasExited}); see {LogPath}.");
            }

            await Task.Delay(200);
        }
    }
}
