using System.CommandLine;
using System.Diagnostics;
using ModelGen.Data;
using ModelGen.Optimizers;
using ScottPlot;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 4.5, ch04/train_neuralnet.py: the sigmoid TwoLayerNet (784-50-10, std 0.01) trained
/// by SGD, lr 0.1, on 10,000 mini-batches of 100 drawn at random with replacement (as
/// np.random.choice). The loss of every mini-batch, taken after its update as the book takes it,
/// is figure 4-11 (all iterations, and the first 1,000); the train and test accuracy at every
/// 600th iteration (one epoch's worth, starting with the first) are figure 4-12.
/// </summary>
internal static class TrainNeuralnetCommand
{
    public static Command Create()
    {
        var iterations = new Option<int>("--iters") { Description = "Mini-batch updates (the book's iters_num: 10000).", DefaultValueFactory = _ => 10_000 };
        var learningRate = new Option<float>("--lr") { Description = "SGD learning rate (the book's: 0.1).", DefaultValueFactory = _ => 0.1f };
        var data = CommonOptions.Data();
        var seed = CommonOptions.Seed();
        var outFolder = Figures.Out();
        var json = CommonOptions.Json();
        var command = new Command("train-neuralnet", "Chapter 4.5, figures 4-11 and 4-12: the sigmoid TwoLayerNet trained on random mini-batches of 100, SGD lr 0.1, 10,000 iterations; loss per iteration, train and test accuracy per epoch.")
        {
            iterations, learningRate, data, seed, outFolder, json,
        };
        command.SetAction(result => SampleConsole.Run(() => Run(
            result.GetValue(iterations), result.GetValue(learningRate), result.GetValue(data), result.GetValue(seed), result.GetValue(outFolder)!, result.GetValue(json))));
        return command;
    }

    private static int Run(int iterations, float learningRate, string? dataDirectory, int seed, string folder, bool json)
    {
        if (iterations < 1) throw new ArgumentException($"--iters must be at least 1, not {iterations}.");
        var console = new SampleConsole(json);
        var mnist = console.LoadMnist(dataDirectory, flatten: true);
        var (train, test) = (mnist.Train, mnist.Test);
        const int batchSize = SigmoidTwoLayerNet.BatchSize;
        // The book's iter_per_epoch = max(train_size / batch_size, 1): 600.
        int iterationsPerEpoch = Math.Max(train.Count / batchSize, 1);

        var network = new SigmoidTwoLayerNet(seed);
        var optimizer = new Sgd(learningRate);
        // The mini-batches come from their own stream, apart from the weights' draw.
        var batches = new RandomBatches(batchSize, SigmoidTwoLayerNet.InputSize, new Rng(seed * 1_000_003L + 1));
        var losses = new double[iterations];
        var epochs = new List<(int Iteration, double Train, double Test)>();
        console.Out.MarkupLineInterpolated($"SigmoidTwoLayerNet 784-50-10, SGD lr {learningRate}: {iterations:N0} mini-batches of {batchSize}");
        console.Out.MarkupLineInterpolated($"drawn with replacement; accuracy every {iterationsPerEpoch} iterations");

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < iterations; i++)
        {
            batches.Draw(train); // np.random.choice(train_size, batch_size): repeats allowed
            network.TrainStep(batches.Inputs, batches.Labels, batchSize, optimizer);
            // The book records network.loss(x_batch, t_batch) after the update.
            network.Infer(batches.Inputs, batchSize);
            losses[i] = network.Loss(batches.Labels, batchSize);

            if (i % iterationsPerEpoch == 0)
            {
                double trainAccuracy = network.Accuracy(train), testAccuracy = network.Accuracy(test);
                epochs.Add((i, trainAccuracy, testAccuracy));
                console.Out.WriteLine($"train acc, test acc | {trainAccuracy:F4}, {testAccuracy:F4}   (iteration {i + 1:N0}, loss {losses[i]:F4}, {clock.Elapsed.TotalSeconds:F1} s)");
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        double finalTrain = network.Accuracy(train), finalTest = network.Accuracy(test);
        console.Out.MarkupLineInterpolated($"[green]after {iterations:N0} iterations: train acc {finalTrain:F4}, test acc {finalTest:F4}[/], loss {losses[^1]:F4} ({seconds:F1} s)");

        string lossPath = Figures.Save(LossFigure(losses), folder, "fig4-11-train-neuralnet.png", 1100, 450);
        string accuracyPath = Figures.Save(AccuracyFigure(epochs), folder, "fig4-12-train-neuralnet.png", 640, 480);
        console.Out.WriteLine($"figure: {lossPath}");
        console.Out.WriteLine($"figure: {accuracyPath}");
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Model = "SigmoidTwoLayerNet",
                Iterations = iterations,
                LearningRate = learningRate,
                Seed = seed,
                FirstLoss = losses[0],
                LastLoss = losses[^1],
                TrainAccuracy = epochs.Select(e => e.Train).ToArray(),
                TestAccuracy = epochs.Select(e => e.Test).ToArray(),
                FinalTrainAccuracy = finalTrain,
                FinalTestAccuracy = finalTest,
                Seconds = Math.Round(seconds, 3),
                Figures = new[] { lossPath, accuracyPath },
            });
        }
        return 0;
    }

    /// <summary>Figure 4-11: the loss of each iteration, all of them on the left, the first 1,000 on the right.</summary>
    private static ScottPlot.Multiplot LossFigure(double[] losses)
    {
        int[] panels = new[] { losses.Length, Math.Min(1000, losses.Length) }.Distinct().ToArray();
        // A new Multiplot holds one plot already: make it the panels side by side.
        var figure = new ScottPlot.Multiplot { Layout = new ScottPlot.MultiplotLayouts.Columns() };
        figure.AddPlots(panels.Length);
        for (int panel = 0; panel < panels.Length; panel++)
        {
            int shown = panels[panel];
            var plot = figure.GetPlot(panel);
            double[] iteration = Enumerable.Range(0, shown).Select(i => (double)i).ToArray();
            plot.Add.ScatterLine(iteration, losses[..shown]);
            plot.Axes.SetLimitsY(0, Math.Max(losses.Max() * 1.05, 1));
            plot.XLabel("iteration");
            plot.YLabel("loss");
        }
        return figure;
    }

    /// <summary>Figure 4-12: train accuracy (solid) and test accuracy (dashed) per epoch, y from 0 to 1, legend lower right.</summary>
    private static ScottPlot.Plot AccuracyFigure(List<(int Iteration, double Train, double Test)> epochs)
    {
        var plot = new ScottPlot.Plot();
        double[] epoch = Enumerable.Range(0, epochs.Count).Select(e => (double)e).ToArray();
        var train = plot.Add.ScatterLine(epoch, epochs.Select(e => e.Train).ToArray());
        train.LegendText = "train acc";
        train.LineWidth = 2;
        var test = plot.Add.ScatterLine(epoch, epochs.Select(e => e.Test).ToArray());
        test.LegendText = "test acc";
        test.LineWidth = 2;
        test.LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Axes.SetLimitsY(0, 1.0);
        plot.XLabel("epochs");
        plot.YLabel("accuracy");
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        return plot;
    }
}
