using System.CommandLine;
using System.Globalization;
using ModelGen.Samples.Mnist.Book;
using ScottPlot;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 4.3.2, ch04/gradient_1d.py: f(x) = 0.01x² + 0.1x on x = 0 to 19.9 and its tangents
/// whose slopes come from numerical differentiation (figure 4-7: at x = 5 and, beside it, x = 10).
/// The book prints the slopes 0.1999999999990898 and 0.2999999999986347; the true ones are 0.2 and 0.3.
/// </summary>
internal static class Gradient1dCommand
{
    /// <summary>The points the book differentiates at, and the derivatives its Python prints there.</summary>
    private static readonly (double At, double Book)[] BookSlopes = [(5, 0.1999999999990898), (10, 0.2999999999986347)];

    /// <summary>The book's function_1, in the order Python evaluates 0.01*x**2 + 0.1*x.</summary>
    public static double Function1(double x) => 0.01 * (x * x) + 0.1 * x;

    public static Command Create() => FigureCommand.Create(
        "gradient-1d",
        "Chapter 4.3.2, figure 4-7: f(x) = 0.01x² + 0.1x and its tangents at x = 5 and x = 10, their slopes by numerical differentiation (h = 1e-4).",
        Run);

    private static int Run(string folder, SampleConsole console)
    {
        double[] x = NumPy.Arange(0.0, 20.0, 0.1);
        double[] y = x.Select(Function1).ToArray();
        // A new Multiplot holds one plot already: make it the two panels side by side.
        var figure = new ScottPlot.Multiplot { Layout = new ScottPlot.MultiplotLayouts.Columns() };
        figure.AddPlots(BookSlopes.Length);
        var slopes = new List<object>();
        for (int panel = 0; panel < BookSlopes.Length; panel++)
        {
            var (at, book) = BookSlopes[panel];
            double slope = NumericalGradient.Derivative(Function1, at);
            // The book's tangent_line: the line through (at, f(at)) with that slope.
            double intercept = Function1(at) - slope * at;
            string ours = slope.ToString("R", CultureInfo.InvariantCulture);
            string prefix = $"numerical_diff(function_1, {at,2}) = ";
            console.Out.WriteLine($"{prefix}{ours}   (exact: {0.02 * at + 0.1:0.0})");
            console.Out.WriteLine(BookLine.Under(prefix, book.ToString("R", CultureInfo.InvariantCulture)));
            slopes.Add(new { At = at, Slope = slope, Book = book, Exact = 0.02 * at + 0.1 });

            var plot = figure.GetPlot(panel);
            plot.Add.ScatterLine(x, y).LineWidth = 2;
            plot.Add.ScatterLine(x, x.Select(t => slope * t + intercept).ToArray()).LineWidth = 2;
            plot.Title($"tangent at x = {at}");
            plot.XLabel("x");
            plot.YLabel("f(x)");
        }
        string path = Figures.Save(figure, folder, "fig4-07-gradient-1d.png", 1100, 450);
        console.Out.WriteLine($"figure: {path}");
        if (console.Json) SampleConsole.WriteJsonLine(new { Figure = path, Slopes = slopes });
        return 0;
    }
}
