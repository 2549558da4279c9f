using ModelGen.Data;
using ModelGen.Optimizers;

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
/// (<see cref="RandomBatches"/>), iterations per epoch = max(training size / batch, 1) (a
/// fraction when the batch does not divide the set), epochs × that many iterations in all, and
/// the accuracy of the whole training and test sets measured after every iteration whose index
/// is a multiple of the iterations per epoch (after the first update, then one epoch apart),
/// so the curves hold exactly one point per epoch, as the book's figures plot them.
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
