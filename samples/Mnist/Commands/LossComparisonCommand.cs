using System.CommandLine;
using ScottPlot;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// What one of the book's loss-curve comparisons on MNIST is: its command, the runs it sets
/// side by side (built for a seed), the figure it draws and how its result is judged against
/// the book's.
/// </summary>
internal sealed record LossComparisonSpec
{
    /// <summary>The command's name: the book's script name with dashes.</summary>
    public required string Name { get; init; }

    /// <summary>The command's description, with the chapter and figure.</summary>
    public required string Description { get; init; }

    /// <summary>A line that says what is trained, for a seed and a number of iterations.</summary>
    public required Func<int, int, string> SetUp { get; init; }

    /// <summary>The heading of the table's first column (what the runs differ in).</summary>
    public required string Heading { get; init; }

    /// <summary>The runs for a seed, every one on the same batches.</summary>
    public required Func<int, LossRun[]> Runs { get; init; }

    /// <summary>The book's figure number, e.g. "6-9", and the PNG file's name.</summary>
    public required (string Number, string FileName, string Title) Figure { get; init; }

    /// <summary>The top of the loss axis, as the book's ylim.</summary>
    public required double YMax { get; init; }

    /// <summary>Where the legend leaves the curves in view.</summary>
    public required Alignment Legend { get; init; }

    /// <summary>Whether the final smoothed losses stand as the book's do, and the line that says so.</summary>
    public required Func<LossCurves, (bool AsBook, string Message)> Judge { get; init; }
}

/// <summary>
/// A loss-curve comparison as a command (optimizer-compare-mnist, weight-init-compare):
/// --iterations, --seed, --data, --out, --json; trains the runs on the same random batches
/// (<see cref="LossComparison"/>), prints the final smoothed losses and the verdict, draws the
/// book's figure.
/// </summary>
internal static class LossComparisonCommand
{
    public static Command Create(LossComparisonSpec spec)
    {
        var iterations = LossComparison.Iterations();
        var data = CommonOptions.Data();
        var output = Figures.Out();
        var json = CommonOptions.Json();
        var seed = CommonOptions.Seed();
        var command = new Command(spec.Name, spec.Description) { iterations, data, output, json, seed };
        command.SetAction(r => SampleConsole.Run(() => Run(spec, r.GetValue(iterations), r.GetValue(data), r.GetValue(output)!, r.GetValue(json), r.GetValue(seed))));
        return command;
    }

    private static int Run(LossComparisonSpec spec, int iterations, string? dataDirectory, string output, bool json, int seed)
    {
        var console = new SampleConsole(json);
        var mnist = console.LoadMnist(dataDirectory, flatten: true);
        var runs = spec.Runs(seed);
        console.Out.WriteLine(spec.SetUp(seed, iterations));
        var curves = LossComparison.Run(console.Out, runs, mnist.Train, iterations, new Rng(seed));
        console.Out.Write(curves.Summary(spec.Heading));
        var (asBook, message) = spec.Judge(curves);
        console.Out.MarkupLine(message);

        var plot = LossComparison.Plot(curves, spec.YMax, $"{spec.Figure.Title}, seed {seed}", spec.Legend);
        string path = Figures.Save(plot, output, spec.Figure.FileName);
        console.Out.MarkupLineInterpolated($"figure {spec.Figure.Number}: {path}");
        if (json) SampleConsole.WriteJsonLine(new { Iterations = iterations, Seed = seed, FinalSmoothedLoss = curves.FinalByName(), AsBook = asBook, Figure = path });
        return 0;
    }
}
