using System.Text.Json;
using ModelGen.Data;
using Spectre.Console;

namespace ModelGen.Samples;

/// <summary>
/// What the sample programs share: one console for people (stderr when --json is given, so
/// that stdout holds nothing but the JSON line), data loading with a progress bar, and the
/// JSON summary line.
/// </summary>
public sealed class SampleConsole
{
    public SampleConsole(bool json)
    {
        Json = json;
        Out = json
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
            : AnsiConsole.Console;
    }

    public bool Json { get; }

    /// <summary>Where people-readable output goes.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>
    /// Loads MNIST (acquiring it first if needed): with a progress bar for downloads on a
    /// terminal, with a line per file when output is redirected.
    /// </summary>
    public MnistData LoadMnist(string? dataDirectory, bool flatten, MnistVariant variant = MnistVariant.Digits)
    {
        MnistData? data = null;
        var options = new MnistOptions { DataDirectory = dataDirectory, Flatten = flatten, Variant = variant };
        if (!Out.Profile.Capabilities.Interactive)
        {
            var announced = new HashSet<string>(StringComparer.Ordinal);
            var lines = new Progress<DataProgress>(p =>
            {
                if (p.Total is long total && p.Done >= total && announced.Add(p.Step + p.File)) Out.WriteLine($"{p.Step} {p.File}: done");
            });
            data = ModelGen.Data.Mnist.Load(options with { Progress = lines });
        }
        else
        {
            Out.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn())
                .Start(context =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    var progress = new Progress<DataProgress>(p =>
                    {
                        if (!tasks.TryGetValue(p.File, out var task))
                        {
                            task = context.AddTask($"{p.Step} {p.File}", autoStart: true, maxValue: p.Total ?? 1);
                            tasks[p.File] = task;
                        }
                        if (p.Total is long total) task.MaxValue = total;
                        task.Value = p.Total is null ? 0 : p.Done;
                    });
                    data = ModelGen.Data.Mnist.Load(options with { Progress = progress });
                });
        }
        string name = variant == MnistVariant.Fashion ? "Fashion-MNIST" : "MNIST";
        Out.MarkupLineInterpolated($"[grey]{name}: {data!.Train.Count:N0} training and {data.Test.Count:N0} test images from {data.Directory} ({data.Source})[/]");
        return data;
    }

    /// <summary>Prints one JSON object on one line of stdout.</summary>
    public static void WriteJsonLine(object summary)
        => Console.Out.WriteLine(JsonSerializer.Serialize(summary, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));

    /// <summary>Runs <paramref name="body"/>, turning the errors a user can fix into one red line and exit code 1.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
        {
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
                .MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 1;
        }
    }
}
