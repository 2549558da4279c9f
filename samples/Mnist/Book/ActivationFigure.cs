using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Book;

/// <summary>An activation kernel of the runtime: y = h(x), elementwise over spans.</summary>
internal delegate void ActivationKernel(ReadOnlySpan<float> x, Span<float> y);

/// <summary>
/// One curve of a chapter 3 figure: the kernel that computes it, how it is drawn, and what the
/// book prints for it on its example input [-1.0, 1.0, 2.0] (null where the book prints nothing).
/// </summary>
internal sealed record ActivationCurve(string Name, ActivationKernel Kernel, bool Dashed = false, double[]? BookOutputs = null);

/// <summary>
/// The chapter 3 activation figures (3-6 to 3-9): the book's x = np.arange(-5.0, 5.0, 0.1),
/// pushed through the runtime's own kernels (the ones generated networks call), plotted with the
/// book's y limits and no other decoration, as matplotlib draws the book's scripts.
/// </summary>
internal static class ActivationFigure
{
    /// <summary>The input the book tries its functions on in the interpreter (3.2.2, 3.2.4).</summary>
    public static readonly double[] BookInputs = [-1.0, 1.0, 2.0];

    /// <summary>A command that draws <paramref name="curves"/> into <paramref name="fileName"/> and prints them on the book's example.</summary>
    public static Command Command(string name, string description, string fileName, (double Bottom, double Top) yLimits, params ActivationCurve[] curves)
        => FigureCommand.Create(name, description, (folder, console) => Run(folder, console, fileName, yLimits, curves));

    /// <summary>y = kernel(x) for each x, through the kernel's span signature.</summary>
    public static float[] Apply(ActivationKernel kernel, IReadOnlyList<double> x)
    {
        var input = x.Select(v => (float)v).ToArray();
        var output = new float[input.Length];
        kernel(input, output);
        return output;
    }

    private static int Run(string folder, SampleConsole console, string fileName, (double Bottom, double Top) yLimits, ActivationCurve[] curves)
    {
        double[] x = NumPy.Arange(-5.0, 5.0, 0.1);
        var plot = new ScottPlot.Plot();
        var results = new Dictionary<string, object>();
        foreach (var curve in curves)
        {
            float[] y = Apply(curve.Kernel, x);
            var line = plot.Add.ScatterLine(x, y.Select(v => (double)v).ToArray());
            line.LineWidth = 2;
            if (curve.Dashed)
            {
                // matplotlib's 'k--': black and dashed.
                line.Color = ScottPlot.Colors.Black;
                line.LinePattern = ScottPlot.LinePattern.Dashed;
            }
            float[] example = Apply(curve.Kernel, BookInputs);
            string ours = Format(example.Select(v => (double)v));
            string prefix = $"{curve.Name}([-1.0, 1.0, 2.0]) = ";
            console.Out.WriteLine(prefix + ours);
            if (curve.BookOutputs is not null) console.Out.WriteLine(BookLine.Under(prefix, Format(curve.BookOutputs)));
            results[curve.Name] = new { Y = y, Example = example, Book = curve.BookOutputs };
        }
        plot.Axes.SetLimitsY(yLimits.Bottom, yLimits.Top);
        string path = Figures.Save(plot, folder, fileName, 640, 480);
        console.Out.WriteLine($"x from {x[0]:F1} to {x[^1]:F1} in steps of 0.1: {x.Length} points");
        console.Out.WriteLine($"figure: {path}");
        if (console.Json) SampleConsole.WriteJsonLine(new { Figure = path, X = x, YLimits = new[] { yLimits.Bottom, yLimits.Top }, Curves = results });
        return 0;
    }

    private static string Format(IEnumerable<double> values)
        => "[" + string.Join(", ", values.Select(v => v.ToString("0.########", CultureInfo.InvariantCulture))) + "]";
}
