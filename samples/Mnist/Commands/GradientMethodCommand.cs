using System.CommandLine;
using System.Globalization;
using ModelGen.Samples.Mnist.Book;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 4.4.1, ch04/gradient_method.py: gradient descent on f(x0, x1) = x0² + x1² from
/// (-3.0, 4.0) with numerical gradients, lr 0.1, 20 steps, drawn as the points it visits (figure
/// 4-10) over the script's dashed axes and the figure's dashed contour lines. Also runs the
/// book's three experiments of 100 steps (lr 0.1, 10.0 and 1e-10) and prints what the book got.
/// </summary>
internal static class GradientMethodCommand
{
    /// <summary>The book's interpreter sessions: learning rate, 100 steps, and the result it prints.</summary>
    private static readonly (double Lr, double[] Book)[] BookRuns =
    [
        (0.1, [-6.11110793e-10, 8.14814391e-10]),
        (10.0, [-2.58983747e+13, -1.29524862e+12]),
        (1e-10, [-2.99999994, 3.99999992]),
    ];

    public static Command Create()
    {
        var learningRate = new Option<double>("--lr") { Description = "Learning rate (the book's script: 0.1).", DefaultValueFactory = _ => 0.1 };
        var steps = new Option<int>("--steps") { Description = "Steps of gradient descent (the book's script: 20).", DefaultValueFactory = _ => 20 };
        var outFolder = Figures.Out();
        var json = CommonOptions.Json();
        var command = new Command("gradient-method", "Chapter 4.4.1, figure 4-10: gradient descent on x0² + x1² from (-3.0, 4.0), lr 0.1, 20 steps, with numerical gradients; and the book's lr 0.1 / 10.0 / 1e-10 runs of 100 steps.")
        {
            learningRate, steps, outFolder, json,
        };
        command.SetAction(result => SampleConsole.Run(() => Run(result.GetValue(learningRate), result.GetValue(steps), result.GetValue(outFolder)!, result.GetValue(json))));
        return command;
    }

    /// <summary>The book's gradient_descent: returns the end point and every point before a step.</summary>
    public static (double[] End, List<double[]> History) Descend(Func<double[], double> f, double[] start, double learningRate, int steps)
    {
        double[] x = (double[])start.Clone();
        var history = new List<double[]>(steps);
        for (int i = 0; i < steps; i++)
        {
            history.Add((double[])x.Clone());
            double[] gradient = NumericalGradient.Of(f, x);
            for (int j = 0; j < x.Length; j++) x[j] -= learningRate * gradient[j];
        }
        return (x, history);
    }

    private static int Run(double learningRate, int steps, string folder, bool json)
    {
        if (steps < 1 || steps > 100_000) throw new ArgumentException($"--steps must be between 1 and 100,000, not {steps}.");
        var console = new SampleConsole(json);
        double[] start = [-3.0, 4.0];
        var (end, history) = Descend(Gradient2dCommand.Function2, start, learningRate, steps);
        console.Out.WriteLine($"from ({start[0]:0.0}, {start[1]:0.0}), lr {Number(learningRate)}, {steps} steps: ({Number(end[0])}, {Number(end[1])})");

        var experiments = new List<object>();
        foreach (var (lr, book) in BookRuns)
        {
            var (x, _) = Descend(Gradient2dCommand.Function2, start, lr, 100);
            string prefix = $"lr {Number(lr),-5}, 100 steps: ";
            console.Out.WriteLine($"{prefix}[{Number(x[0])}, {Number(x[1])}]");
            console.Out.WriteLine(BookLine.Under(prefix, $"[{Number(book[0])}, {Number(book[1])}]"));
            experiments.Add(new { Lr = lr, Steps = 100, End = x, Book = book });
        }

        var plot = new ScottPlot.Plot();
        // The figure's contour lines of x0² + x1²: circles, dashed.
        foreach (double radius in new[] { 1.0, 2.0, 3.0, 4.0, 5.0 })
        {
            var circle = plot.Add.Circle(0, 0, radius);
            circle.LineColor = ScottPlot.Colors.Gray.WithAlpha(0.6);
            circle.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        // The script's dashed blue axes ('--b').
        foreach (var (x0, y0, x1, y1) in new[] { (-5.0, 0.0, 5.0, 0.0), (0.0, -5.0, 0.0, 5.0) })
        {
            var line = plot.Add.Line(x0, y0, x1, y1);
            line.Color = ScottPlot.Colors.Blue;
            line.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        plot.Add.Markers(history.Select(p => p[0]).ToArray(), history.Select(p => p[1]).ToArray(), ScottPlot.MarkerShape.FilledCircle, 8, ScottPlot.Color.FromHex("#1f77b4"));
        plot.Axes.SetLimits(-3.5, 3.5, -4.5, 4.5);
        plot.XLabel("X0");
        plot.YLabel("X1");
        string path = Figures.Save(plot, folder, "fig4-10-gradient-method.png", 560, 640);
        console.Out.WriteLine($"figure: {path}");
        if (json) SampleConsole.WriteJsonLine(new { Figure = path, LearningRate = learningRate, Steps = steps, End = end, History = history, Experiments = experiments });
        return 0;
    }

    /// <summary>As NumPy prints an array element: 8 significant digits, in exponent form when small or large.</summary>
    private static string Number(double value)
        => value != 0 && (Math.Abs(value) < 1e-4 || Math.Abs(value) >= 1e8)
            ? value.ToString("0.########e+00", CultureInfo.InvariantCulture)
            : value.ToString("0.########", CultureInfo.InvariantCulture);
}
