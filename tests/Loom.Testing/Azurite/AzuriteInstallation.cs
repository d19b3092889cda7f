using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Loom.Testing.Azurite;

/// <summary>
/// The Azurite package pinned by <c>tests/azurite/package-lock.json</c>, installed with <c>npm ci</c> the first
/// time a test needs it.
/// </summary>
internal static class AzuriteInstallation
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The folder holding <c>package.json</c>, found from the repository root (the folder of Loom.sln).</summary>
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "tests", "azurite");

    /// <summary>Azurite's node entry point.</summary>
    public static string EntryPoint { get; } = Path.Combine(Folder, "node_modules", "azurite", "dist", "src", "azurite.js");

    // npm writes its hidden lockfile last, so its presence tells a finished install from an interrupted one.
    private static bool IsInstalled => File.Exists(EntryPoint) && File.Exists(Path.Combine(Folder, "node_modules", ".package-lock.json"));

    /// <summary>Runs <c>npm ci</c> unless Azurite is already installed.</summary>
    public static async Task EnsureAsync()
    {
        if (IsInstalled)
        {
            return;
        }

        // Two test assemblies starting together would otherwise run npm ci over each other's node_modules.
        await using var installLock = await LockAsync().ConfigureAwait(false);
        if (IsInstalled)
        {
            return;
        }

        var npm = new ProcessStartInfo("npm") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            npm.ArgumentList.Add(argument);
        }

        using var process = Start(npm, "npm is needed to install Azurite for the Azure Tables tests; install Node.js 20 or later");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(InstallTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"npm ci in {Folder} did not finish within {InstallTimeout}.");
        }

        if (process.ExitCode != 0 || !IsInstalled)
        {
            throw new InvalidOperationException($"npm ci in {Folder} failed with exit code {process.ExitCode}:\n{await output.ConfigureAwait(false)}\n{await errors.ConfigureAwait(false)}");
        }
    }

    /// <summary>Starts a process, turning a missing executable into a message that says what to install.</summary>
    public static Process Start(ProcessStartInfo startInfo, string whenMissing)
    {
        try
        {
            return Process.Start(startInfo) ?? throw new InvalidOperationException($"{startInfo.FileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException($"{whenMissing} ({error.Message}).", error);
        }
    }

    // An exclusive open is a cross-process lock (flock on Unix). The file lives in the temporary folder,
    // named after the work tree so that clones do not wait for each other, and is never deleted: deleting it
    // would let a waiter lock a different file than the next comer.
    private static async Task<FileStream> LockAsync()
    {
        var folderHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Folder)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"loom-azurite-{folderHash}.lock");
        var deadline = DateTime.UtcNow + InstallTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Loom.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Loom.sln.");
    }
}
