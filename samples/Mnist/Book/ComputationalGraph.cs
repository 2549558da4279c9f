using System.Globalization;

namespace ModelGen.Samples.Mnist.Book;

/// <summary>
/// A computational graph drawn as the book draws them in chapter 5: operator nodes as circles
/// holding × or +, arrows between them, each arrow's forward value above it (black) and its
/// backward value, the derivative flowing back along it, below it (red). Positions are in
/// drawing units; circles stay round (square units).
/// </summary>
internal sealed class ComputationalGraph
{
    private const double Radius = 0.45;
    private const double LabelOffset = 0.28;
    private static readonly ScottPlot.Color BackwardColor = ScottPlot.Color.FromHex("#d62728");

    private enum Kind { Input, Node, Output }

    private readonly Dictionary<string, (Kind Kind, ScottPlot.Coordinates At, string Text)> _points = [];
    private readonly List<(string From, string To, double Forward, double Backward)> _edges = [];

    /// <summary>A named value entering the graph; its name is written left of where its arrow starts.</summary>
    public ComputationalGraph Input(string name, double x, double y) => Add(name, Kind.Input, x, y, name);

    /// <summary>An operator node: "×" or "+".</summary>
    public ComputationalGraph Node(string id, string op, double x, double y) => Add(id, Kind.Node, x, y, op);

    /// <summary>The graph's result; its name is written right of where its arrow ends.</summary>
    public ComputationalGraph Output(string name, double x, double y) => Add(name, Kind.Output, x, y, name);

    /// <summary>An arrow carrying <paramref name="forward"/> forwards and <paramref name="backward"/> back.</summary>
    public ComputationalGraph Edge(string from, string to, double forward, double backward)
    {
        if (!_points.ContainsKey(from) || !_points.ContainsKey(to)) throw new ArgumentException($"Edge {from} -> {to}: both ends must be declared first.");
        _edges.Add((from, to, forward, backward));
        return this;
    }

    /// <summary>The forward and backward values of the edge between two points, for checks and printing.</summary>
    public (double Forward, double Backward) ValuesOf(string from, string to)
    {
        foreach (var e in _edges)
        {
            if (e.From == from && e.To == to) return (e.Forward, e.Backward);
        }
        throw new ArgumentException($"No edge {from} -> {to}.");
    }

    /// <summary>A value as the book writes it on its graphs: 220, 2.2, 110 (double's last-digit noise rounded away).</summary>
    public static string Format(double value) => Math.Round(value, 10).ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary>Draws the graph with a title (the book's figure caption).</summary>
    public ScottPlot.Plot Draw(string title)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (from, to, forward, backward) in _edges)
        {
            var (fromKind, a, _) = _points[from];
            var (toKind, b, _) = _points[to];
            double dx = b.X - a.X, dy = b.Y - a.Y, length = Math.Sqrt(dx * dx + dy * dy);
            double ux = dx / length, uy = dy / length;
            // Arrows stop at a node's rim and leave a small gap at a name.
            double startCut = fromKind == Kind.Node ? Radius : 0.1, endCut = toKind == Kind.Node ? Radius + 0.04 : 0.1;
            var start = new ScottPlot.Coordinates(a.X + ux * startCut, a.Y + uy * startCut);
            var end = new ScottPlot.Coordinates(b.X - ux * endCut, b.Y - uy * endCut);
            var arrow = plot.Add.Arrow(start, end);
            arrow.ArrowLineColor = ScottPlot.Colors.Black;
            arrow.ArrowFillColor = ScottPlot.Colors.Black;
            arrow.ArrowLineWidth = 0;
            arrow.ArrowWidth = 2;
            arrow.ArrowheadWidth = 12;
            arrow.ArrowheadLength = 14;

            // "Above" is the side of the arrow's left normal (up for a rightward arrow).
            double nx = -uy, ny = ux;
            var middle = new ScottPlot.Coordinates((start.X + end.X) / 2, (start.Y + end.Y) / 2);
            Label(plot, Format(forward), middle.X + nx * LabelOffset, middle.Y + ny * LabelOffset, ScottPlot.Colors.Black);
            Label(plot, Format(backward), middle.X - nx * LabelOffset, middle.Y - ny * LabelOffset, BackwardColor);
        }
        foreach (var (kind, at, text) in _points.Values)
        {
            switch (kind)
            {
                case Kind.Node:
                    var circle = plot.Add.Circle(at, Radius);
                    circle.LineColor = ScottPlot.Colors.Black;
                    circle.LineWidth = 2;
                    circle.FillColor = ScottPlot.Colors.White;
                    Label(plot, text, at.X, at.Y, ScottPlot.Colors.Black, 26);
                    break;
                case Kind.Input:
                    Label(plot, text, at.X, at.Y, ScottPlot.Colors.Black, 17, ScottPlot.Alignment.MiddleRight);
                    break;
                case Kind.Output:
                    Label(plot, text, at.X, at.Y, ScottPlot.Colors.Black, 17, ScottPlot.Alignment.MiddleLeft);
                    break;
            }
        }
        double left = _points.Values.Min(p => p.At.X), right = _points.Values.Max(p => p.At.X);
        double bottom = _points.Values.Min(p => p.At.Y), top = _points.Values.Max(p => p.At.Y);
        // Room for the names beside the inputs and the output.
        plot.Axes.SetLimits(left - 1.8, right + 1.6, bottom - 0.9, top + 0.9);
        plot.Axes.SquareUnits();
        plot.HideAxesAndGrid();
        plot.Title(title);
        return plot;
    }

    /// <summary>The size in pixels that fits the graph at about 90 pixels per unit.</summary>
    public (int Width, int Height) PixelSize()
    {
        double width = _points.Values.Max(p => p.At.X) - _points.Values.Min(p => p.At.X) + 3.4;
        double height = _points.Values.Max(p => p.At.Y) - _points.Values.Min(p => p.At.Y) + 1.8;
        return ((int)(width * 90), (int)(height * 90) + 40);
    }

    private ComputationalGraph Add(string id, Kind kind, double x, double y, string text)
    {
        if (!_points.TryAdd(id, (kind, new ScottPlot.Coordinates(x, y), text))) throw new ArgumentException($"{id} is declared twice.");
        return this;
    }

    private static void Label(ScottPlot.Plot plot, string text, double x, double y, ScottPlot.Color color, float size = 17, ScottPlot.Alignment alignment = ScottPlot.Alignment.MiddleCenter)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = size;
        label.LabelFontColor = color;
        label.LabelAlignment = alignment;
    }
}
