using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Loom.Testing.Azurite;

/// <summary>
/// An Azurite emulator (blob, queue and table) in memory on free loopback ports, installed from the
/// repository's lockfile when missing, and stopped (with its process tree) on dispose.
/// </summary>
public sealed class AzuriteEmulator : IAsyncDisposable
{
    // Azurite's documented development account; it only ever opens the local emulator.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _errors = new();
    private Process? _azurite;

    /// <summary>A connection string for all three services of the running emulator.</summary>
    public string ConnectionString { get; private set; } = "";

    private AzuriteEmulator()
    {
    }

    /// <summary>Installs Azurite if needed, starts it and waits until all three services listen.</summary>
    public static async Task<AzuriteEmulator> StartAsync()
    {
        var emulator = new AzuriteEmulator();
        try
        {
            await emulator.RunAsync().ConfigureAwait(false);
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task RunAsync()
    {
        await AzuriteInstallation.EnsureAsync().ConfigureAwait(false);
        var (blob, queue, table) = (FreeTcpPort.Next(), FreeTcpPort.Next(), FreeTcpPort.Next());

        // Node runs Azurite's entry point itself: started through npx, Azurite runs in a node child that
        // outlives npx, so stopping the process we started would leave the emulator running.
        var node = new ProcessStartInfo("node")
        {
            WorkingDirectory = AzuriteInstallation.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            AzuriteInstallation.EntryPoint, "--inMemoryPersistence", "--silent", "--disableTelemetry", "--skipApiVersionCheck",
            "--blobHost", "127.0.0.1", "--blobPort", $"{blob}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
        })
        {
            node.ArgumentList.Add(argument);
        }

        _azurite = AzuriteInstallation.Start(node, "node is needed to run Azurite for the Azure Tables tests; install Node.js 20 or later");

        // Both pipes are drained so that a chatty emulator never blocks on a full pipe.
        _azurite.OutputDataReceived += (_, _) => { };
        _azurite.ErrorDataReceived += (_, line) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(line.Data);
            }
        };
        _azurite.BeginOutputReadLine();
        _azurite.BeginErrorReadLine();

        foreach (var port in new[] { blob, queue, table })
        {
            await WaitUntilListeningAsync(port).ConfigureAwait(false);
        }

        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};"
            + $"BlobEndpoint=http://127.0.0.1:{blob}/{AccountName};"
            + $"QueueEndpoint=http://127.0.0.1:{queue}/{AccountName};"
            + $"TableEndpoint=http://127.0.0.1:{table}/{AccountName};";
    }

    /// <summary>Stops the emulator and its node process tree.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_azurite is null)
        {
            return;
        }

        if (!_azurite.HasExited)
        {
            _azurite.Kill(entireProcessTree: true);
        }

        await _azurite.WaitForExitAsync().WaitAsync(ExitTimeout).ConfigureAwait(false);
        _azurite.Dispose();
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (!_azurite!.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                var state = _azurite!.HasExited ? $"exited with code {_azurite.ExitCode}" : $"did not listen on port {port} within {StartTimeout}";
                string errors;
                lock (_errors)
                {
                    errors = _errors.ToString();
                }

                throw new InvalidOperationException($"Azurite ({AzuriteInstallation.EntryPoint}) {state}. Its standard error:\n{errors}");
            }
        }
    }
}
