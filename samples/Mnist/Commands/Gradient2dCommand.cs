using System.CommandLine;
using ModelGen.Samples.Mnist.Book;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 4.4, ch04/gradient_2d.py: the gradient of f(x0, x1) = x0² + x1², found numerically at
/// every point of the book's grid (x0, x1 = -2.0 to 2.25 in steps of 0.25), drawn as arrows of the
/// negative gradient (figure 4-9): they all point to the minimum at the origin, longer further out.
/// </summary>
internal static class Gradient2dCommand
{
    /// <summary>The book's function_2: the sum of squares.</summary>
    public static double Function2(double[] x) => x.Sum(v => v * v);

    public static Command Create() => FigureCommand.Create(
        "gradient-2d",
        "Chapter 4.4, figure 4-9: the negative gradient of x0² + x1² on the book's grid, by numerical differentiation, as arrows.",
        Run);

    private static int Run(string folder, SampleConsole console)
    {
        double[] axis = NumPy.Arange(-2, 2.5, 0.25);
        var arrows = new List<ScottPlot.RootedCoordinateVector>();
        double worst = 0;
        foreach (double x1 in axis)
        {
            foreach (double x0 in axis)
            {
                double[] gradient = NumericalGradient.Of(Function2, [x0, x1]);
                worst = Math.Max(worst, Math.Max(Math.Abs(gradient[0] - 2 * x0), Math.Abs(gradient[1] - 2 * x1)));
                arrows.Add(new ScottPlot.RootedCoordinateVector(new ScottPlot.Coordinates(x0, x1), new System.Numerics.Vector2((float)-gradient[0], (float)-gradient[1])));
            }
        }
        foreach (double[] at in new[] { new[] { 3.0, 4.0 }, [0.0, 2.0], [3.0, 0.0] })
        {
            double[] gradient = NumericalGradient.Of(Function2, at);
            console.Out.WriteLine($"numerical_gradient(function_2, [{at[0]:0.0}, {at[1]:0.0}]) = [{gradient[0]:0.########}, {gradient[1]:0.########}]   the book: [{2 * at[0]:0.}, {2 * at[1]:0.}]");
        }
        console.Out.WriteLine($"{arrows.Count} grid points; largest difference from the exact gradient (2x0, 2x1): {worst:E1}");

        var plot = new ScottPlot.Plot();
        var field = plot.Add.VectorField(arrows, ScottPlot.Color.FromHex("#666666"));
        field.MaximumArrowLength = 32;
        plot.Axes.SetLimits(-2, 2, -2, 2);
        plot.XLabel("x0");
        plot.YLabel("x1");
        string path = Figures.Save(plot, folder, "fig4-09-gradient-2d.png", 640, 560);
        console.Out.WriteLine($"figure: {path}");
        if (console.Json) SampleConsole.WriteJsonLine(new { Figure = path, Points = arrows.Count, MaxDifferenceFromExact = worst });
        return 0;
    }
}
