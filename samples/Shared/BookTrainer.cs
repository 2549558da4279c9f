using ModelGen.Data;
using ModelGen.Optimizers;
using ScottPlot;
using Spectre.Console;

namespace ModelGen.Samples;

/// <summary>Training and test accuracy after each of the book's "epochs", and the gap between the last two.</summary>
public sealed record AccuracyCurves(double[] Train, double[] Test)
{
    /// <summary>The last training accuracy minus the last test accuracy: how far the network overfits.</summary>
    public double Gap => Train[^1] - Test[^1];
}

/// <summary>
/// The training loop of the book's chapter 6 experiments (common/trainer.py, and the same loop
/// written out in overfit_weight_decay.py): batches drawn with replacement
/// (<see cref="RandomBatches"/>), iterations per epoch = max(training size / batch, 1),
/// epochs × that many iterations in all, and the accuracy of the whole training and test sets
/// measured after every iteration whose index is a multiple of the iterations per epoch (after
/// the first update, then one epoch apart), so that the curves hold one point per epoch when
/// the batch divides the training set, as in every experiment of the chapter.
/// </summary>
public static class BookTrainer
{
    /// <summary>
    /// Trains <paramref name="network"/> with <paramref name="optimizer"/> for
    /// <paramref name="epochs"/> book epochs on batches of the network's batch size drawn from
    /// <paramref name="random"/>; <paramref name="onEpoch"/>, if given, hears (epoch, train
    /// accuracy, test accuracy) after each measurement.
    /// </summary>
    public static AccuracyCurves Train(
        ITrainableNetwork network, Optimizer optimizer, Dataset train, Dataset test, int epochs, Rng random,
        Action<int, double, double>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        var batches = new RandomBatches(network.BatchSize, network.InputSize, random);
        double iterationsPerEpoch = Math.Max((double)train.Count / network.BatchSize, 1);
        int iterations = (int)(epochs * iterationsPerEpoch);
        var trainAccuracy = new List<double>(epochs);
        var testAccuracy = new List<double>(epochs);
        for (int i = 0; i < iterations; i++)
        {
            batches.Draw(train);
            float loss = network.TrainStep(batches.Inputs, batches.Labels, batches.Count, optimizer);
            if (!float.IsFinite(loss))
                throw new InvalidOperationException($"The loss became {loss} at iteration {i + 1}: the learning rate ({optimizer.LearningRate}) is too high.");
            if (i % iterationsPerEpoch == 0)
            {
                trainAccuracy.Add(Training.Evaluation.Accuracy(network, train));
                testAccuracy.Add(Training.Evaluation.Accuracy(network, test));
                onEpoch?.Invoke(trainAccuracy.Count, trainAccuracy[^1], testAccuracy[^1]);
            }
        }
        return new AccuracyCurves([.. trainAccuracy], [.. testAccuracy]);
    }
}

/// <summary>The book's training in a progress bar, and its accuracy figures (6-20, 6-21, 6-23).</summary>
public static class BookTraining
{
    /// <summary><see cref="BookTrainer.Train"/> under a progress bar on <paramref name="console"/> that shows the latest accuracies.</summary>
    public static AccuracyCurves Train(
        IAnsiConsole console, string name, ITrainableNetwork network, Optimizer optimizer, Dataset train, Dataset test, int epochs, Rng random)
    {
        ArgumentNullException.ThrowIfNull(console);
        AccuracyCurves? curves = null;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(name, maxValue: epochs);
                curves = BookTrainer.Train(network, optimizer, train, test, epochs, random, (epoch, trainAccuracy, testAccuracy) =>
                {
                    task.Value = epoch;
                    task.Description = $"{name}: epoch {epoch}/{epochs}  train acc {trainAccuracy:F4}  test acc {testAccuracy:F4}";
                });
            });
        return curves!;
    }

    /// <summary>
    /// Training and test accuracy against the epoch as the book draws them: circles on the
    /// training curve and squares on the test curve every 10 epochs, accuracy from 0 to 1, the
    /// legend at the lower right.
    /// </summary>
    public static void Draw(Plot plot, AccuracyCurves curves, string title)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(curves);
        MarkedLine.Add(plot, curves.Train, "train", MarkerShape.FilledCircle, plot.Add.Palette.GetColor(0), markEvery: 10, markerSize: 6);
        MarkedLine.Add(plot, curves.Test, "test", MarkerShape.FilledSquare, plot.Add.Palette.GetColor(1), markEvery: 10, markerSize: 6);
        plot.Title(title);
        plot.XLabel("epochs");
        plot.YLabel("accuracy");
        plot.Axes.SetLimits(0, Math.Max(1, curves.Train.Length - 1), 0, 1);
        plot.ShowLegend(Alignment.LowerRight);
    }
}
