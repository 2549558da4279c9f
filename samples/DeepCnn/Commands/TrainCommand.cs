using System.CommandLine;
using ModelGen.Optimizers;

namespace ModelGen.Samples.DeepCnn.Commands;

/// <summary>
/// Chapters 7.5 and 8.1 (ch07/train_convnet.py, ch08/train_deepnet.py): SimpleConvNet or
/// DeepConvNet with Adam (lr 0.001), batch 100, 20 epochs; through the `train` command both
/// samples share.
/// </summary>
internal static class TrainCommand
{
    public static Command Create() => TrainingCommand.Create(
        "Train DeepConvNet, SimpleConvNet or DeepConvNet with Batch Normalization on MNIST with Adam (ch07/train_convnet.py, ch08/train_deepnet.py).",
        [.. Model.DeepFirst.Select(m => new TrainingSetup(m.Name, m.Title, m.Create, lr => new Adam(lr), 0.001f, 20, Flatten: false))]);
}
