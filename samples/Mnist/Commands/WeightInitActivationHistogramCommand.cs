using System.CommandLine;
using System.Globalization;
using ModelGen.Kernels;
using ScottPlot;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 6.2.2-6.2.3, figures 6-10, 6-11, 6-13 and 6-14 (ch06/weight_init_activation_histogram.py):
/// 1,000 Gaussian inputs of 100 values pass through 5 layers of 100 nodes with no bias; each
/// layer's activations are drawn as a histogram of 30 bins. The book's cases: sigmoid with
/// weights of std 1 (6-10: the values crowd at 0 and 1), std 0.01 (6-11: all near 0.5), Xavier
/// (6-13: spread); tanh with Xavier (the text after 6-13: a bell); ReLU with std 0.01, Xavier and
/// He (6-14: only He keeps the spread in every layer). The arithmetic is the runtime's: the
/// products are <see cref="Gemm.Multiply"/>, the activations <see cref="Activations"/>.
/// </summary>
internal static class WeightInitActivationHistogramCommand
{
    private const int Samples = 1000, Nodes = 100, Layers = 5, Bins = 30;

    /// <summary>The ReLU layers' mean activation with std 0.01 weights, from the book's footnote to figure 6-14.</summary>
    private static readonly double[] s_bookReluStd001Means = [0.0396, 0.00290, 0.000197, 1.32e-5, 9.46e-7];

    /// <summary>One experiment: an activation and a weight initialisation ("xavier", "he" or a standard deviation).</summary>
    private sealed record Case(string Activation, string Init)
    {
        public string Label => Init is "xavier" or "he" ? $"{Activation}, {(Init == "he" ? "He" : "Xavier")}" : $"{Activation}, std={Init}";

        /// <summary>The weights' standard deviation for a layer fed by <see cref="Nodes"/> nodes.</summary>
        public double Std => Init switch
        {
            "xavier" => Initialization.XavierStd(Nodes),
            "he" => Initialization.HeStd(Nodes),
            _ => double.Parse(Init, CultureInfo.InvariantCulture),
        };

        /// <summary>The histogram's range: the book's 0 to 1, and −1 to 1 for tanh, whose values are symmetric about 0.</summary>
        public (double Low, double High) Range => Activation == "tanh" ? (-1, 1) : (0, 1);
    }

    /// <summary>A figure: the book's number (null for a case the book does not draw), a file-name suffix, its cases (one row each).</summary>
    private sealed record Figure(string? Number, string Suffix, Case[] Cases)
    {
        public string FileName => (Number is null ? "" : $"fig{Number}-") + "weight-init-activation-histogram" + Suffix + ".png";
    }

    private static readonly Figure[] s_bookFigures =
    [
        new("6-10", "", [new("sigmoid", "1")]),
        new("6-11", "", [new("sigmoid", "0.01")]),
        new("6-13", "", [new("sigmoid", "xavier")]),
        new("6-13", "-tanh", [new("tanh", "xavier")]),
        new("6-14", "", [new("relu", "0.01"), new("relu", "xavier"), new("relu", "he")]),
    ];

    public static Command Create()
    {
        var activation = new Option<string?>("--activation") { Description = "Only this activation: sigmoid, tanh or relu. Default: every figure of the book." };
        activation.AcceptOnlyFromAmong("sigmoid", "tanh", "relu");
        var init = new Option<string?>("--init") { Description = "Only this initialisation: xavier, he, or a standard deviation such as 1 or 0.01. Default: every figure of the book." };
        var output = Figures.Out();
        var json = CommonOptions.Json();
        var seed = CommonOptions.Seed();
        var command = new Command("weight-init-activation-histogram", "Histograms of 5 layers' activations for sigmoid, tanh and ReLU under std 1, std 0.01, Xavier and He weights (chapter 6.2, figures 6-10 to 6-14).")
        {
            activation, init, output, json, seed,
        };
        command.SetAction(r => SampleConsole.Run(() => Run(r.GetValue(activation), r.GetValue(init), r.GetValue(output)!, r.GetValue(json), r.GetValue(seed))));
        return command;
    }

    private static int Run(string? activation, string? init, string output, bool json, int seed)
    {
        init = NormalizeInit(init);
        var console = new SampleConsole(json);
        var figures = Select(activation, init);
        var results = new List<object>();
        foreach (var figure in figures)
        {
            var layers = figure.Cases.Select(c => Forward(c, seed)).ToArray();
            string path = Figures.Save(Draw(figure, layers), output, figure.FileName, 1200, 60 + 260 * figure.Cases.Length);
            console.Out.MarkupLineInterpolated($"{(figure.Number is null ? "histograms" : "figure " + figure.Number)}: {path}");
            for (int c = 0; c < figure.Cases.Length; c++)
            {
                var @case = figure.Cases[c];
                bool withBook = @case is { Activation: "relu", Init: "0.01" };
                var table = new Table().Title(@case.Label).AddColumns("layer", "mean", "std", Markup.Escape($"share in [{@case.Range.Low}, {@case.Range.High}]"));
                if (withBook) table.AddColumn("book's mean");
                for (int l = 0; l < Layers; l++)
                {
                    var s = layers[c][l];
                    string[] cells = [$"{l + 1}", $"{s.Mean:G3}", $"{s.Std:G3}", $"{s.Counts.Sum() / (double)(Samples * Nodes):P1}"];
                    table.AddRow(withBook ? [.. cells, $"{s_bookReluStd001Means[l]:G3}"] : cells);
                }
                console.Out.Write(table);
                results.Add(new
                {
                    @case.Activation,
                    @case.Init,
                    @case.Std,
                    Figure = figure.Number,
                    File = path,
                    LayerMeans = layers[c].Select(s => s.Mean),
                    LayerStds = layers[c].Select(s => s.Std),
                    Histograms = layers[c].Select(s => s.Counts),
                });
            }
        }
        if (json) SampleConsole.WriteJsonLine(new { Seed = seed, Cases = results, BookReluStd001Means = s_bookReluStd001Means });
        return 0;
    }

    /// <summary>"Xavier" and "xavier" alike; a number as the invariant culture writes it.</summary>
    private static string? NormalizeInit(string? init)
    {
        if (init is null) return null;
        string lower = init.Trim().ToLowerInvariant();
        if (lower is "xavier" or "he") return lower;
        if (double.TryParse(lower, NumberStyles.Float, CultureInfo.InvariantCulture, out double std) && std > 0 && double.IsFinite(std))
            return std.ToString(CultureInfo.InvariantCulture);
        throw new ArgumentException($"--init takes xavier, he or a positive standard deviation, not '{init}'.");
    }

    /// <summary>
    /// The book's figures holding the selected cases; a figure of which only some rows are
    /// selected is named after them, and a case the book does not draw gets a file of its own.
    /// </summary>
    private static Figure[] Select(string? activation, string? init)
    {
        bool Wanted(Case c) => (activation is null || c.Activation == activation) && (init is null || c.Init == init);
        var figures = new List<Figure>();
        foreach (var figure in s_bookFigures)
        {
            var cases = figure.Cases.Where(Wanted).ToArray();
            if (cases.Length == figure.Cases.Length) figures.Add(figure);
            else if (cases.Length > 0) figures.AddRange(cases.Select(c => figure with { Suffix = $"{figure.Suffix}-{c.Activation}-{c.Init}", Cases = [c] }));
        }
        if (figures.Count == 0)
        {
            if (activation is null || init is null)
                throw new ArgumentException($"The book draws no histograms for {activation ?? init}; give both --activation and --init.");
            figures.Add(new Figure(null, $"-{activation}-{init}", [new(activation, init)]));
        }
        return [.. figures];
    }

    /// <summary>One layer's activations summarised: their mean and standard deviation, and the histogram's counts.</summary>
    private sealed record LayerStatistics(double Mean, double Std, int[] Counts);

    /// <summary>The book's experiment for one case: the same inputs and weight draws for every case of one seed, scaled by its std.</summary>
    private static LayerStatistics[] Forward(Case @case, int seed)
    {
        var random = new Rng(seed);
        var x = new float[Samples * Nodes];
        Initialization.Gaussian(x, 1f, random);
        var weights = new float[Nodes * Nodes];
        var z = new float[Samples * Nodes];
        var statistics = new LayerStatistics[Layers];
        for (int layer = 0; layer < Layers; layer++)
        {
            Initialization.Gaussian(weights, (float)@case.Std, random);
            Gemm.Multiply(x, weights, z, Samples, Nodes, Nodes);
            switch (@case.Activation)
            {
                case "sigmoid": Activations.Sigmoid(z, x); break;
                case "tanh": Activations.Tanh(z, x); break;
                default: Activations.Relu(z, x); break;
            }
            statistics[layer] = Summarise(x, @case.Range);
        }
        return statistics;
    }

    /// <summary>Mean, standard deviation and a 30-bin histogram over [low, high] as NumPy's histogram counts: values outside are left out, the last bin includes its right edge.</summary>
    private static LayerStatistics Summarise(ReadOnlySpan<float> values, (double Low, double High) range)
    {
        double sum = 0, squares = 0;
        var counts = new int[Bins];
        double width = (range.High - range.Low) / Bins;
        foreach (float v in values)
        {
            sum += v;
            squares += (double)v * v;
            if (v < range.Low || v > range.High) continue;
            counts[Math.Min((int)((v - range.Low) / width), Bins - 1)]++;
        }
        double mean = sum / values.Length;
        return new LayerStatistics(mean, Math.Sqrt(Math.Max(0, squares / values.Length - mean * mean)), counts);
    }

    /// <summary>One row of five histograms per case, titled "1-layer" to "5-layer" as the book's; ReLU rows share the book's y limit of 7,000.</summary>
    private static Multiplot Draw(Figure figure, LayerStatistics[][] layers)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(figure.Cases.Length * Layers);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(figure.Cases.Length, Layers);
        for (int c = 0; c < figure.Cases.Length; c++)
        {
            var @case = figure.Cases[c];
            var (low, high) = @case.Range;
            double width = (high - low) / Bins;
            double top = @case.Activation == "relu" ? 7000 : 1.05 * layers[c].Max(s => s.Counts.Max());
            for (int l = 0; l < Layers; l++)
            {
                var plot = multiplot.GetPlot(c * Layers + l);
                var counts = layers[c][l].Counts;
                plot.Add.Bars(Enumerable.Range(0, Bins).Select(b => new Bar
                {
                    Position = low + (b + 0.5) * width,
                    Value = counts[b],
                    Size = width,
                    FillColor = Colors.C0,
                    LineWidth = 0,
                }).ToArray());
                plot.Title($"{l + 1}-layer");
                plot.Axes.SetLimits(low, high, 0, top);
                if (l == 0) plot.YLabel(@case.Label);
                else plot.Axes.Left.TickLabelStyle.IsVisible = false;
            }
        }
        return multiplot;
    }
}
