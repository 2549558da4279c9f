using System.CommandLine;
using ModelGen.Optimizers;
using ScottPlot;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 6.1.7, figure 6-8 (ch06/optimizer_compare_naive.py): SGD, Momentum, AdaGrad and
/// Adam minimise f(x, y) = x²/20 + y² from (−7, 2), 30 updates each, with the book's learning
/// rates. The runtime's optimizers update a two-value parameter whose gradient, (x/10, 2y), is
/// written here; the four paths are drawn over the contours of f.
/// </summary>
internal static class OptimizerCompareNaiveCommand
{
    private const float StartX = -7.0f, StartY = 2.0f;

    /// <summary>
    /// One optimizer of the figure: its learning rate, where the path ends, and where the book's
    /// script ends after the same 30 updates (its float64 arithmetic, run once to get these numbers).
    /// </summary>
    private sealed record Contender(string Name, float LearningRate, Func<Optimizer> Create, double BookX, double BookY);

    private static readonly Contender[] s_contenders =
    [
        new("SGD", 0.95f, () => new Sgd(0.95f), -0.350393, 0.084782),
        new("Momentum", 0.1f, () => new Momentum(0.1f), 0.896414, 0.088086),
        new("AdaGrad", 1.5f, () => new AdaGrad(1.5f), -0.120162, 2.486e-17),
        new("Adam", 0.3f, () => new Adam(0.3f), 0.136007, 0.318245),
    ];

    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Updates per optimizer (the book's 30).", DefaultValueFactory = _ => 30 };
        var output = Figures.Out();
        var json = CommonOptions.Json();
        var command = new Command("optimizer-compare-naive", "SGD, Momentum, AdaGrad and Adam on f(x, y) = x²/20 + y², their paths over its contours (chapter 6.1.7, figure 6-8).")
        {
            steps, output, json,
        };
        command.SetAction(r => SampleConsole.Run(() => Run(r.GetValue(steps), r.GetValue(output)!, r.GetValue(json))));
        return command;
    }

    private static int Run(int steps, string output, bool json)
    {
        if (steps < 1) throw new ArgumentException($"--steps must be at least 1, not {steps}.");
        var console = new SampleConsole(json);
        var paths = s_contenders.Select(c => Descend(c.Create(), steps)).ToArray();

        var table = new Table().AddColumns("optimizer", "lr", $"after {steps} updates", "book's script after 30");
        for (int i = 0; i < s_contenders.Length; i++)
        {
            var c = s_contenders[i];
            var end = paths[i][^1];
            table.AddRow(c.Name, $"{c.LearningRate}", $"({end.X:F4}, {end.Y:F4})", $"({c.BookX:F4}, {c.BookY:F4})");
        }
        console.Out.Write(table);

        var figure = new Multiplot();
        figure.AddPlots(s_contenders.Length);
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 2);
        for (int i = 0; i < s_contenders.Length; i++) Draw(figure.GetPlot(i), s_contenders[i].Name, paths[i]);
        string path = Figures.Save(figure, output, "fig6-08-optimizer-compare-naive.png", 900, 800);
        console.Out.MarkupLineInterpolated($"figure 6-8: {path}");

        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Steps = steps,
                EndPoints = s_contenders.Select((c, i) => new { Optimizer = c.Name, c.LearningRate, paths[i][^1].X, paths[i][^1].Y, c.BookX, c.BookY }),
                Figure = path,
            });
        }
        return 0;
    }

    /// <summary>The start and the position after each of <paramref name="steps"/> updates.</summary>
    private static Coordinates[] Descend(Optimizer optimizer, int steps)
    {
        float[] xy = [StartX, StartY];
        var gradient = new float[2];
        Parameter[] parameters = [new("xy", [2], xy, gradient)];
        var path = new Coordinates[steps + 1];
        path[0] = new(xy[0], xy[1]);
        for (int s = 1; s <= steps; s++)
        {
            // ∂f/∂x = x/10, ∂f/∂y = 2y
            gradient[0] = xy[0] / 10f;
            gradient[1] = 2f * xy[1];
            optimizer.Update(parameters);
            path[s] = new(xy[0], xy[1]);
        }
        return path;
    }

    private static double F(double x, double y) => x * x / 20 + y * y;

    /// <summary>The height above which the book draws no contours.</summary>
    private const double ContourTop = 7;

    /// <summary>One panel as the book draws it: contours of f where f ≤ 7, the path in red with its points, + at the minimum.</summary>
    private static void Draw(Plot plot, string title, Coordinates[] path)
    {
        const int columns = 201, rows = 101;
        var grid = new Coordinates3d[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                double x = -10 + 0.1 * c, y = -5 + 0.1 * r;
                grid[r, c] = new(x, y, Math.Min(F(x, y), ContourTop));
            }
        }
        var contours = plot.Add.ContourLines(grid);
        // The book leaves out everything above 7 (it zeroes those heights) and lets matplotlib
        // choose the levels up to there; these are its levels. Capping the heights at 7 instead
        // keeps the lines off the cut and spreads the colour map over the levels, as the book's.
        contours.ContourLineLevels = [0.8, 1.6, 2.4, 3.2, 4.0, 4.8, 5.6, 6.4];
        contours.Update(grid);
        contours.Colormap = new ScottPlot.Colormaps.Viridis();
        contours.LabelStyle.IsVisible = false;
        var line = plot.Add.Scatter(path, Colors.Red);
        line.MarkerShape = MarkerShape.FilledCircle;
        line.MarkerSize = 6;
        plot.Add.Marker(0, 0, MarkerShape.Cross, 12, Colors.Blue);
        plot.Axes.SetLimits(-10, 10, -10, 10);
        plot.Title(title);
        plot.XLabel("x");
        plot.YLabel("y");
    }
}
