using System.CommandLine;
using System.Globalization;
using ModelGen.Data;
using ModelGen.Optimizers;
using ScottPlot;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 6.5.3, figure 6-24 (ch06/hyperparameter_optimization.py): random search for the
/// learning rate and the weight decay of the 7-layer ReLU network (<see cref="SevenLayerNet"/>).
/// The first 500 training images are shuffled and 20% of them held out for validation; each
/// trial draws weight decay 10^U(−8, −4) and learning rate 10^U(−6, −2), trains 50 epochs of SGD
/// with batches of 100 and is judged by its last validation accuracy. The best trials are printed
/// as the book prints them, and the 20 best drawn in a 5 x 4 grid (validation solid, training dashed).
/// </summary>
internal static class HyperparameterOptimizationCommand
{
    private const int Images = 500, Drawn = 20, Columns = 5;
    private const double ValidationRate = 0.20;

    /// <summary>The book's five best trials (validation accuracy, learning rate, weight decay), as it prints them under figure 6-24.</summary>
    private static readonly (double ValAcc, double LearningRate, double WeightDecay)[] s_bookBest =
    [
        (0.83, 0.0092, 3.86e-07),
        (0.78, 0.00956, 6.04e-07),
        (0.77, 0.00571, 1.27e-06),
        (0.74, 0.00626, 1.43e-05),
        (0.73, 0.0052, 8.97e-06),
    ];

    private sealed record Trial(int Number, double LearningRate, double WeightDecay, AccuracyCurves Curves)
    {
        public double Validation => Curves.Test[^1];

        public string Settings => Describe(LearningRate, WeightDecay);
    }

    /// <summary>"lr:0.0092, weight decay:3.86e-07", three significant digits, as the book prints a trial.</summary>
    private static string Describe(double learningRate, double weightDecay)
        => string.Create(CultureInfo.InvariantCulture, $"lr:{learningRate:G3}, weight decay:{weightDecay:G3}").ToLowerInvariant();

    public static Command Create()
    {
        var trials = new Option<int>("--trials") { Description = "Random trials (the book's 100).", DefaultValueFactory = _ => 100 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per trial (the book's 50).", DefaultValueFactory = _ => 50 };
        var data = CommonOptions.Data();
        var output = Figures.Out();
        var json = CommonOptions.Json();
        var seed = CommonOptions.Seed();
        var command = new Command("hyperparameter-optimization", "Random search of learning rate and weight decay for the 7-layer network, judged on held-out validation images (chapter 6.5.3, figure 6-24).")
        {
            trials, epochs, data, output, json, seed,
        };
        command.SetAction(r => SampleConsole.Run(() => Run(r.GetValue(trials), r.GetValue(epochs), r.GetValue(data), r.GetValue(output)!, r.GetValue(json), r.GetValue(seed))));
        return command;
    }

    private static int Run(int trialCount, int epochs, string? dataDirectory, string output, bool json, int seed)
    {
        if (trialCount < 1) throw new ArgumentException($"--trials must be at least 1, not {trialCount}.");
        if (epochs < 1) throw new ArgumentException($"--epochs must be at least 1, not {epochs}.");
        var console = new SampleConsole(json);
        var mnist = console.LoadMnist(dataDirectory, flatten: true);
        var random = new Rng(seed);
        var (train, validation) = Split(mnist.Train.Slice(0, Images), random);
        console.Out.MarkupLineInterpolated($"SevenLayerNet: {train.Count} training and {validation.Count} validation images, {trialCount} trials of {epochs} epochs, SGD, batch {SevenLayerNet.BatchSize}, seed {seed}");

        var trials = new List<Trial>(trialCount);
        console.Out.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("trials", maxValue: trialCount);
                for (int t = 0; t < trialCount; t++)
                {
                    // The book's ranges: weight decay 10^U(-8, -4), learning rate 10^U(-6, -2).
                    double weightDecay = Math.Pow(10, -8 + 4 * random.NextDouble());
                    double learningRate = Math.Pow(10, -6 + 4 * random.NextDouble());
                    var optimizer = new Sgd((float)learningRate) { WeightDecay = (float)weightDecay };
                    var curves = BookTrainer.Train(new SevenLayerNet(seed + t), optimizer, train, validation, epochs, random);
                    var trial = new Trial(t + 1, learningRate, weightDecay, curves);
                    trials.Add(trial);
                    console.Out.WriteLine($"val acc:{trial.Validation:F2} | {trial.Settings}");
                    task.Increment(1);
                }
            });

        var ranked = trials.OrderByDescending(t => t.Validation).ThenBy(t => t.Number).ToArray();
        console.Out.MarkupLine("=========== Hyper-Parameter Optimization Result ===========");
        for (int i = 0; i < Math.Min(Drawn, ranked.Length); i++)
            console.Out.WriteLine($"Best-{i + 1} (val acc:{ranked[i].Validation:F2}) | {ranked[i].Settings}");
        console.Out.MarkupLine("[grey]The book's five best (100 trials):[/]");
        for (int i = 0; i < s_bookBest.Length; i++)
        {
            var b = s_bookBest[i];
            console.Out.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]Best-{i + 1} (val acc:{b.ValAcc:F2}) | {Describe(b.LearningRate, b.WeightDecay)}[/]");
        }
        string path = Figures.Save(Draw(ranked), output, "fig6-24-hyperparameter-optimization.png", 1200, 800);
        console.Out.MarkupLineInterpolated($"figure 6-24: {path}");
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Trials = trialCount,
                Epochs = epochs,
                Seed = seed,
                Ranked = ranked.Select((t, i) => new { Rank = i + 1, t.Number, ValidationAccuracy = t.Validation, TrainAccuracy = t.Curves.Train[^1], t.LearningRate, t.WeightDecay }),
                BookBest = s_bookBest.Select(b => new { ValidationAccuracy = b.ValAcc, b.LearningRate, b.WeightDecay }),
                Figure = path,
            });
        }
        return 0;
    }

    /// <summary>The book's split: shuffle (its shuffle_dataset), the first 20% for validation, the rest for training.</summary>
    private static (Dataset Train, Dataset Validation) Split(Dataset images, Rng random)
    {
        var order = Enumerable.Range(0, images.Count).ToArray();
        random.Shuffle(order.AsSpan());
        int size = images.SampleSize;
        var inputs = new float[images.Inputs.Length];
        var labels = new int[images.Count];
        for (int i = 0; i < order.Length; i++)
        {
            images.InputSpan(order[i], 1).CopyTo(inputs.AsSpan(i * size, size));
            labels[i] = images.Labels[order[i]];
        }
        var shuffled = new Dataset(inputs, labels, images.SampleShape);
        int validation = (int)(images.Count * ValidationRate);
        return (shuffled.Slice(validation, images.Count - validation), shuffled.Slice(0, validation));
    }

    /// <summary>Figure 6-24: the best trials' validation (solid) and training (dashed) accuracy, titled Best-1, Best-2, ..., five to a row.</summary>
    private static Multiplot Draw(Trial[] ranked)
    {
        int count = Math.Min(Drawn, ranked.Length);
        int rows = (count + Columns - 1) / Columns;
        var multiplot = new Multiplot();
        multiplot.AddPlots(rows * Columns);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, Columns);
        for (int i = 0; i < rows * Columns; i++)
        {
            var plot = multiplot.GetPlot(i);
            if (i >= count)
            {
                plot.Axes.Frameless();
                plot.HideGrid();
                continue;
            }
            var curves = ranked[i].Curves;
            double[] xs = Enumerable.Range(0, curves.Test.Length).Select(e => (double)e).ToArray();
            plot.Add.ScatterLine(xs, curves.Test, plot.Add.Palette.GetColor(0)).LineWidth = 1.5f;
            var training = plot.Add.ScatterLine(xs, curves.Train, plot.Add.Palette.GetColor(1));
            training.LineWidth = 1.5f;
            training.LinePattern = LinePattern.Dashed;
            plot.Title($"Best-{i + 1}");
            plot.Axes.SetLimits(0, Math.Max(1, xs.Length - 1), 0, 1);
            plot.Axes.Bottom.TickLabelStyle.IsVisible = false;
            if (i % Columns != 0) plot.Axes.Left.TickLabelStyle.IsVisible = false;
        }
        return multiplot;
    }
}
