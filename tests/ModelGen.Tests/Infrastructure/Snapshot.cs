using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace ModelGen.Tests.Infrastructure;

/// <summary>
/// Snapshot testing in Verify's conventions, so a later switch to Verify.SourceGenerators is a
/// rename: the accepted output is "{Class}.{Test}#{name}.verified.cs" in a Snapshots folder
/// beside the test; a mismatch writes "….received.cs" (git-ignored) next to it and fails with a
/// line diff. To accept new output, run the tests with MODELGEN_ACCEPT_SNAPSHOTS=1.
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "MODELGEN_ACCEPT_SNAPSHOTS";

    public static void Verify(string actual, string name, [CallerFilePath] string testFile = "", [CallerMemberName] string test = "")
    {
        string folder = Path.Combine(Path.GetDirectoryName(SourcePath(testFile))!, "Snapshots");
        string stem = $"{Path.GetFileNameWithoutExtension(testFile)}.{test}#{name}";
        string verifiedPath = Path.Combine(folder, stem + ".verified.cs");
        string receivedPath = Path.Combine(folder, stem + ".received.cs");
        actual = actual.Replace("\r\n", "\n");

        string? verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
        if (verified == actual)
        {
            File.Delete(receivedPath);
            return;
        }
        Directory.CreateDirectory(folder);
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual);
        string message = verified is null
            ? $"No accepted snapshot {verifiedPath}; the output is in {receivedPath}. Review it, then rerun with {AcceptVariable}=1 to accept."
            : $"Snapshot {verifiedPath} differs from the output (written to {receivedPath}). Rerun with {AcceptVariable}=1 to accept.\n{Diff(verified, actual)}";
        Assert.Fail(message);
    }

    /// <summary>
    /// Where the test's source file is on disk. The compiler's path can be a mapped one ("/_/…")
    /// in deterministic CI builds, so the part below the test project's folder is re-rooted at the
    /// project directory that the build recorded in the assembly.
    /// </summary>
    private static string SourcePath(string compiledPath)
    {
        if (File.Exists(compiledPath)) return compiledPath;
        string? projectDirectory = typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ModelGen.Tests.ProjectDirectory")?.Value;
        if (projectDirectory is null)
            throw new InvalidOperationException($"The test source {compiledPath} does not exist and the assembly records no project directory.");
        string marker = "/" + Path.GetFileName(projectDirectory.TrimEnd('/', '\\')) + "/";
        string normalized = compiledPath.Replace('\\', '/');
        int at = normalized.LastIndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
            throw new InvalidOperationException($"The test source {compiledPath} is not under the test project folder {projectDirectory}.");
        return Path.Combine(projectDirectory, normalized[(at + marker.Length)..]);
    }

    /// <summary>The changed lines with two lines of context, in unified-diff style.</summary>
    private static string Diff(string expected, string actual)
    {
        var model = InlineDiffBuilder.Diff(expected, actual);
        var lines = model.Lines;
        var text = new StringBuilder();
        int lastPrinted = -1;
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type == ChangeType.Unchanged) continue;
            for (int j = Math.Max(lastPrinted + 1, i - 2); j <= Math.Min(lines.Count - 1, i + 2); j++)
            {
                if (j > lastPrinted + 1 && lastPrinted >= 0 && j == Math.Max(lastPrinted + 1, i - 2)) text.AppendLine("…");
                string mark = lines[j].Type switch { ChangeType.Inserted => "+ ", ChangeType.Deleted => "- ", _ => "  " };
                text.Append(mark).AppendLine(lines[j].Text);
                lastPrinted = j;
            }
        }
        return text.ToString();
    }
}
