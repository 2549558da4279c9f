using System.Diagnostics;
using System.Text;

namespace ModelGen.Tests.Packaging;

/// <summary>
/// Runs the .NET CLI as a user would from a shell, and returns what it printed. Build servers
/// are turned off: a compiler or MSBuild server that outlived the command would keep its
/// redirected output open, and the test would wait for it.
/// </summary>
public static class DotnetCommand
{
    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed);

    public static Result Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        // The SDK that runs the tests names its own host; a plain "dotnet" from PATH otherwise.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        // What `dotnet test` set for its own MSBuild must not steer this one, and a packages
        // folder named by the environment would override the one the command asks for.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "NUGET_PACKAGES", "NUGET_FALLBACK_PACKAGES" })
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in {timeout.TotalSeconds:F0} s:\n{output}");
        }
        process.WaitForExit(); // drains the output
        lock (output) return new Result(process.ExitCode, output.ToString(), stopwatch.Elapsed);
    }

    /// <summary>Runs the command and fails the test with its output when it does not succeed.</summary>
    public static Result Succeed(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var result = Run(workingDirectory, timeout, arguments);
        if (result.ExitCode != 0)
            Assert.Fail($"dotnet {string.Join(' ', arguments)} (in {workingDirectory}) exited with {result.ExitCode}:\n{result.Output}");
        return result;
    }
}
