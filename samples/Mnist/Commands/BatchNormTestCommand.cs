using System.CommandLine;
using ModelGen.Optimizers;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 6.3.2, batch_norm_test.py (figure 6-19): the five-hidden-layer network with and
/// without Batch Normalization, trained on 1,000 images by SGD (lr 0.01, batches of 100 drawn
/// with replacement) for 20 epochs, at sixteen initial weight scales from 1 down to 1e-4. The
/// book's point: with Batch Normalization the network learns at almost every scale, without it
/// at few. Both networks train on the same batches.
/// </summary>
internal static class BatchNormTestCommand
{
    public static Command Create()
    {
        var scales = new Option<int>("--scales") { Description = "Weight scales, logarithmically from 1 to 1e-4 (the book: 16).", DefaultValueFactory = _ => 16 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs of 1,000 images per scale (the book: 20).", DefaultValueFactory = _ => 20 };
        var trainSize = new Option<int>("--train-size") { Description = "Training images (the book: 1,000).", DefaultValueFactory = _ => 1000 };
        var learningRate = new Option<float>("--lr") { Description = "SGD learning rate (the book: 0.01).", DefaultValueFactory = _ => 0.01f };
        var data = CommonOptions.Data();
        var seed = CommonOptions.Seed();
        var json = CommonOptions.Json();
        var output = Figures.Out();
        var command = new Command("batch-norm-test", "Train with and without Batch Normalization at 16 weight scales: the book's figure 6-19 (chapter 6.3.2).")
        {
            scales, epochs, trainSize, learningRate, data, seed, json, output,
        };
        command.SetAction(result => SampleConsole.Run(() => Run(
            result.GetValue(scales), result.GetValue(epochs), result.GetValue(trainSize), result.GetValue(learningRate),
            result.GetValue(data), result.GetValue(seed), result.GetValue(json), result.GetValue(output)!)));
        return command;
    }

    private sealed record ScaleResult(double Scale, double[] BatchNormAccuracy, double[] PlainAccuracy);

    private static int Run(int scaleCount, int epochs, int trainSize, float learningRate, string? dataDirectory, int seed, bool json, string folder)
    {
        if (scaleCount < 2) throw new ArgumentException($"--scales must be at least 2, not {scaleCount}.");
        if (epochs < 1) throw new ArgumentException($"--epochs must be at least 1, not {epochs}.");
        if (trainSize < 1 || trainSize > 60_000) throw new ArgumentException($"--train-size must be between 1 and 60000, not {trainSize}.");
        var console = new SampleConsole(json);
        var train = console.LoadMnist(dataDirectory, flatten: true).Train.Slice(0, trainSize);
        int iterationsPerEpoch = Math.Max(trainSize / BatchNormNet.BatchSize, 1);

        var results = new List<ScaleResult>();
        console.Out.Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask("weight scales", maxValue: scaleCount);
            for (int i = 0; i < scaleCount; i++)
            {
                double scale = Math.Pow(10, -4.0 * i / (scaleCount - 1)); // np.logspace(0, -4, num=16)
                results.Add(Train(scale, train, epochs, iterationsPerEpoch, learningRate, seed + i));
                task.Increment(1);
            }
        });

        var table = new Table().AddColumns("weight scale", "with BatchNorm", "without", "");
        foreach (var r in results)
        {
            bool wins = r.BatchNormAccuracy[^1] > r.PlainAccuracy[^1];
            table.AddRow($"{r.Scale:G4}", $"{r.BatchNormAccuracy[^1]:F3}", $"{r.PlainAccuracy[^1]:F3}", wins ? "[green]BatchNorm higher[/]" : "");
        }
        console.Out.Write(table);
        int batchNormWins = results.Count(r => r.BatchNormAccuracy[^1] > r.PlainAccuracy[^1]);
        console.Out.MarkupLineInterpolated($"training accuracy after {epochs} epochs is higher with Batch Normalization at {batchNormWins} of {results.Count} scales (the book's figure 6-19: at almost every scale)");
        string figure = WriteFigure(results, epochs, folder);
        console.Out.MarkupLineInterpolated($"figure 6-19: {figure}");
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Epochs = epochs,
                TrainSize = trainSize,
                Seed = seed,
                BatchNormWins = batchNormWins,
                Scales = results.Select(r => new { r.Scale, BatchNorm = r.BatchNormAccuracy[^1], Plain = r.PlainAccuracy[^1] }),
                Figure = figure,
            });
        }
        return 0;
    }

    /// <summary>One scale: both networks drawn with that standard deviation, trained on the same batches.</summary>
    private static ScaleResult Train(double scale, ModelGen.Data.Dataset train, int epochs, int iterationsPerEpoch, float learningRate, int seed)
    {
        var withBatchNorm = new BatchNormNet(seed);
        var plain = new WithoutBatchNormNet(seed);
        Initialization.Redraw(withBatchNorm, WeightInit.Gaussian, seed, scale);
        Initialization.Redraw(plain, WeightInit.Gaussian, seed, scale);
        var batchNormSgd = new Sgd(learningRate);
        var plainSgd = new Sgd(learningRate);
        var batches = new RandomBatches(BatchNormNet.BatchSize, train.SampleSize, new Rng(seed));
        var batchNormAccuracy = new List<double>();
        var plainAccuracy = new List<double>();
        for (int iteration = 0; batchNormAccuracy.Count < epochs; iteration++)
        {
            batches.Draw(train);
            withBatchNorm.TrainStep(batches.Inputs, batches.Labels, batches.Count, batchNormSgd);
            plain.TrainStep(batches.Inputs, batches.Labels, batches.Count, plainSgd);
            if (iteration % iterationsPerEpoch != 0) continue;
            batchNormAccuracy.Add(Evaluation.Accuracy(withBatchNorm, train));
            plainAccuracy.Add(Evaluation.Accuracy(plain, train));
        }
        return new ScaleResult(scale, [.. batchNormAccuracy], [.. plainAccuracy]);
    }

    /// <summary>The book's 4x4 grid: training accuracy per epoch, Batch Normalization solid, without it dashed.</summary>
    private static string WriteFigure(IReadOnlyList<ScaleResult> results, int epochs, string folder)
    {
        double[] x = [.. Enumerable.Range(0, epochs).Select(e => (double)e)];
        var plots = new List<ScottPlot.Plot>();
        foreach (var (r, i) in results.Select((r, i) => (r, i)))
        {
            var plot = new ScottPlot.Plot();
            var batchNorm = plot.Add.Scatter(x, r.BatchNormAccuracy);
            batchNorm.MarkerSize = 0;
            var without = plot.Add.Scatter(x, r.PlainAccuracy);
            without.MarkerSize = 0;
            without.LinePattern = ScottPlot.LinePattern.Dashed;
            plot.Title($"W:{r.Scale:G4}", size: 12);
            plot.Axes.SetLimitsY(0, 1);
            plot.Axes.SetLimitsX(0, epochs - 1);
            if (i % 4 == 0) plot.YLabel("accuracy", size: 11);
            if (i >= results.Count - 4) plot.XLabel("epochs", size: 11);
            if (i == results.Count - 1)
            {
                batchNorm.LegendText = "Batch Normalization";
                without.LegendText = "Normal (without BatchNorm)";
                plot.ShowLegend(ScottPlot.Alignment.LowerRight);
            }
            plots.Add(plot);
        }
        return Figures.SaveGrid(plots, columns: 4, folder, "fig6-19-batch-norm-test.png", cellWidth: 300, cellHeight: 230,
            title: "Training accuracy with (solid) and without (dashed) Batch Normalization, by initial weight scale");
    }
}
