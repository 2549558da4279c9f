using System.CommandLine;
using ModelGen.Optimizers;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 5.7.4 (ch05/train_neuralnet.py): TwoLayerNet (784-50-10, ReLU) trained by backprop
/// with SGD, lr 0.1, batch 100, 17 epochs; through the `train` command both samples share.
/// </summary>
internal static class TrainCommand
{
    public static readonly TrainingSetup TwoLayer = new("two-layer", "TwoLayerNet (chapter 5)", seed => new TwoLayerNet(seed), lr => new Sgd(lr), 0.1f, 17, Flatten: true);

    public static Command Create() => TrainingCommand.Create("Train the book's TwoLayerNet (chapter 5, ch05/train_neuralnet.py) on MNIST with SGD.", [TwoLayer]);
}
