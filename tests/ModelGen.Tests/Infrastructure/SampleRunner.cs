using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace ModelGen.Tests.Infrastructure;

/// <summary>
/// Runs a sample command the way a reader does, as its own process, and returns its JSON
/// summary: the tests of the book's experiments check the figures a command prints, not its
/// insides. The test project references both samples (without their assemblies), so they are
/// built, in the test's configuration, before the tests run.
/// </summary>
public static class SampleRunner
{
    private static readonly string s_configuration = typeof(SampleRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "ModelGen.Tests.Configuration")?.Value ?? "Release";

    /// <summary>
    /// Runs <paramref name="sample"/> ("mnist" or "deepcnn") with <paramref name="arguments"/>
    /// plus --json, in <paramref name="workingDirectory"/>, and parses its one line of stdout.
    /// </summary>
    public static JsonElement Run(string sample, string workingDirectory, params string[] arguments)
    {
        var (code, stdout, stderr) = Exec(sample, workingDirectory, arguments);
        if (code != 0)
            throw new InvalidOperationException($"{sample} {string.Join(' ', arguments)} exited with {code}:\n{stderr}");
        string line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    /// <summary>Runs the sample command with --json to its end and returns its exit code, stdout and stderr.</summary>
    public static (int Code, string Stdout, string Stderr) Exec(string sample, string workingDirectory, params string[] arguments)
    {
        using var process = Start(sample, workingDirectory, arguments);
        return Collect(process);
    }

    /// <summary>Runs a built assembly (<see cref="Built"/>) with exactly <paramref name="arguments"/> to its end.</summary>
    public static (int Code, string Stdout, string Stderr) ExecDll(string dll, string workingDirectory, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(dll, workingDirectory, arguments))!;
        return Collect(process);
    }

    /// <summary>The built assembly of a project under samples/ (in the tests' configuration), failing if it is not built.</summary>
    public static string Built(string project, string assembly)
    {
        string dll = RepositoryRoot.File("samples", project, "bin", s_configuration, "net10.0", assembly + ".dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"The sample is not built: {dll}.");
        return dll;
    }

    /// <summary>Starts the command with --json and its output redirected, without waiting for it.</summary>
    public static Process Start(string sample, string workingDirectory, params string[] arguments)
    {
        string dll = Built(sample == "mnist" ? "Mnist" : "DeepCnn", sample);
        return Process.Start(StartInfo(dll, workingDirectory, [.. arguments, "--json"]))!;
    }

    private static ProcessStartInfo StartInfo(string dll, string workingDirectory, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    // Both streams drained at once, so a chatty child never blocks on a full pipe.
    private static (int Code, string Stdout, string Stderr) Collect(Process process)
    {
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}
