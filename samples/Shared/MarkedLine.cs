using ScottPlot;

namespace ModelGen.Samples;

/// <summary>
/// A curve drawn as matplotlib draws <c>plot(x, y, marker=..., markevery=n, label=...)</c>: a
/// line through every point, a marker on every n-th point from the first, and a legend entry
/// that shows both.
/// </summary>
public static class MarkedLine
{
    /// <summary>Adds <paramref name="ys"/> against 0, 1, 2, ... to <paramref name="plot"/>.</summary>
    public static void Add(Plot plot, IReadOnlyList<double> ys, string label, MarkerShape marker, Color color, int markEvery, float markerSize = 7)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(markEvery);
        double[] xs = Enumerable.Range(0, ys.Count).Select(i => (double)i).ToArray();
        double[] values = [.. ys];
        plot.Add.ScatterLine(xs, values, color).LineWidth = 1.5f;
        int[] marked = Enumerable.Range(0, (values.Length + markEvery - 1) / markEvery).Select(i => i * markEvery).ToArray();
        plot.Add.Markers(marked.Select(i => xs[i]).ToArray(), marked.Select(i => values[i]).ToArray(), marker, markerSize, color);
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = label,
            LineColor = color,
            LineWidth = 1.5f,
            MarkerShape = marker,
            MarkerSize = markerSize,
            MarkerColor = color,
        });
    }
}
