using System.CommandLine;
using ModelGen.Data;
using ModelGen.Optimizers;
using ScottPlot;
using Spectre.Console;

namespace ModelGen.Samples;

/// <summary>One contender of a <see cref="LossComparison"/>: a name for the legend, a network, its optimizer and its marker.</summary>
public sealed record LossRun(string Name, ITrainableNetwork Network, Optimizer Optimizer, MarkerShape Marker);

/// <summary>Every run's loss at every step, the smoothed curves, and what a command reports of them.</summary>
public sealed record LossCurves(IReadOnlyList<LossRun> Runs, float[][] Losses, double[][] Smoothed)
{
    /// <summary>The last value of run <paramref name="run"/>'s smoothed curve.</summary>
    public double Final(int run) => Smoothed[run][^1];

    /// <summary>Each run's name with the last value of its smoothed curve, for the JSON summary.</summary>
    public Dictionary<string, double> FinalByName() => Runs.Select((run, r) => (run.Name, Final(r))).ToDictionary(p => p.Name, p => p.Item2);

    /// <summary>A table of each run's final smoothed loss and last raw loss, its first column headed <paramref name="heading"/>.</summary>
    public Table Summary(string heading)
    {
        var table = new Table().AddColumns(heading, "final smoothed loss", "last loss");
        for (int r = 0; r < Runs.Count; r++) table.AddRow(Runs[r].Name, $"{Final(r):F4}", $"{Losses[r][^1]:F4}");
        return table;
    }
}

/// <summary>
/// The book's way of comparing training set-ups by their loss curves (optimizer_compare_mnist.py,
/// weight_init_compare.py): every network takes one step on the same randomly drawn mini-batch
/// each iteration, the loss of every step is kept, and the curves are smoothed with the book's
/// smooth_curve before they are drawn.
/// </summary>
public static class LossComparison
{
    /// <summary>Iterations between two markers on a curve, the book's markevery=100.</summary>
    private const int MarkerEvery = 100;

    /// <summary>--iterations, the book's 2,000 unless given.</summary>
    public static Option<int> Iterations() => new("--iterations")
    {
        Description = "Training iterations (the book's 2,000).",
        DefaultValueFactory = _ => 2000,
    };

    /// <summary><see cref="Train"/>, then the book's smoothing of every curve.</summary>
    public static LossCurves Run(IAnsiConsole console, IReadOnlyList<LossRun> runs, Dataset train, int iterations, Rng random)
    {
        if (iterations < 1) throw new ArgumentException($"--iterations must be at least 1, not {iterations}.");
        var losses = Train(console, runs, train, iterations, random);
        return new LossCurves(runs, losses, [.. losses.Select(Smooth)]);
    }

    /// <summary>
    /// Trains every run for <paramref name="iterations"/> steps on batches drawn from
    /// <paramref name="train"/> with <paramref name="random"/>, under a progress bar on
    /// <paramref name="console"/>; returns each run's loss at every step. The loss of a step is
    /// the one its forward pass computed, before the update (the book evaluates the same batch
    /// again after the update: the curves differ by one step's progress).
    /// </summary>
    public static float[][] Train(IAnsiConsole console, IReadOnlyList<LossRun> runs, Dataset train, int iterations, Rng random)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        int batchSize = runs[0].Network.BatchSize;
        if (runs.Any(r => r.Network.BatchSize != batchSize || r.Network.InputSize != train.SampleSize))
            throw new ArgumentException("Every network of a comparison must take the same batches.", nameof(runs));
        var losses = runs.Select(_ => new float[iterations]).ToArray();
        var batches = new RandomBatches(batchSize, train.SampleSize, random);
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("iteration 0", maxValue: iterations);
                for (int i = 0; i < iterations; i++)
                {
                    batches.Draw(train);
                    for (int r = 0; r < runs.Count; r++)
                    {
                        float loss = runs[r].Network.TrainStep(batches.Inputs, batches.Labels, batches.Count, runs[r].Optimizer);
                        if (!float.IsFinite(loss))
                            throw new InvalidOperationException($"{runs[r].Name}: the loss became {loss} at iteration {i + 1}.");
                        losses[r][i] = loss;
                    }
                    if ((i + 1) % 20 == 0 || i + 1 == iterations)
                    {
                        task.Value = i + 1;
                        task.Description = $"iteration {i + 1}  " + string.Join("  ", runs.Select((run, r) => $"{run.Name} {losses[r][i]:F3}"));
                    }
                }
            });
        return losses;
    }

    /// <summary>
    /// The book's smooth_curve (common/util.py): each value replaced by a weighted mean of itself
    /// and its five neighbours on each side, weighted by a Kaiser window (length 11, β = 2), with
    /// the series mirrored at both ends. Series shorter than the window are returned as they are.
    /// </summary>
    public static double[] Smooth(IReadOnlyList<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        const int window = 11, half = window / 2;
        int n = values.Count;
        if (n < window) return values.Select(v => (double)v).ToArray();
        var weights = KaiserWindow(window, beta: 2);
        double total = weights.Sum();
        var smoothed = new double[n];
        for (int t = 0; t < n; t++)
        {
            double sum = 0;
            for (int j = -half; j <= half; j++) sum += weights[j + half] * values[Mirror(t + j, n)];
            smoothed[t] = sum / total;
        }
        return smoothed;
    }

    /// <summary>
    /// The value the book's padding puts at position <paramref name="i"/> outside 0 .. n - 1: it
    /// reflects about the first value (x[-1] reads x[1]) but past the last one (x[n] reads x[n - 1]),
    /// as its slices x[window-1:0:-1] and x[-1:-window:-1] do.
    /// </summary>
    private static int Mirror(int i, int n) => i < 0 ? -i : i >= n ? 2 * n - 1 - i : i;

    /// <summary>NumPy's kaiser(M, β): I0(β·√(1 − ((k − α)/α)²)) / I0(β) with α = (M − 1)/2.</summary>
    private static double[] KaiserWindow(int length, double beta)
    {
        double alpha = (length - 1) / 2.0;
        var w = new double[length];
        for (int k = 0; k < length; k++)
        {
            double r = (k - alpha) / alpha;
            w[k] = BesselI0(beta * Math.Sqrt(1 - r * r)) / BesselI0(beta);
        }
        return w;
    }

    /// <summary>The modified Bessel function of the first kind, order 0, by its power series (ample for the small arguments a window needs).</summary>
    private static double BesselI0(double x)
    {
        double sum = 1, term = 1, quarter = x * x / 4;
        for (int k = 1; k < 50 && term > 1e-17 * sum; k++)
        {
            term *= quarter / ((double)k * k);
            sum += term;
        }
        return sum;
    }

    /// <summary>
    /// The book's figure: each run's smoothed loss against the iteration, a marker every 100
    /// iterations, "iterations" and "loss" on the axes, the loss axis from 0 to <paramref name="yMax"/>,
    /// the legend where <paramref name="legend"/> says (where the curves leave room).
    /// </summary>
    public static Plot Plot(LossCurves curves, double yMax, string title, Alignment legend)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var plot = new Plot();
        for (int r = 0; r < curves.Runs.Count; r++)
            MarkedLine.Add(plot, curves.Smoothed[r], curves.Runs[r].Name, curves.Runs[r].Marker, plot.Add.Palette.GetColor(r), MarkerEvery);
        plot.Title(title);
        plot.XLabel("iterations");
        plot.YLabel("loss");
        plot.Axes.SetLimits(0, curves.Smoothed.Max(s => s.Length), 0, yMax);
        plot.ShowLegend(legend);
        return plot;
    }
}
