using System.CommandLine;
using ModelGen.Samples.Mnist.Book;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 3.6.2, ch03/neuralnet_mnist.py: the book's published 784-50-100-10 sigmoid network
/// on the 10,000 test images, one image per forward pass as the book's loop does. 0.9352.
/// </summary>
internal static class NeuralnetMnistCommand
{
    public static Command Create()
    {
        var weights = Chapter3Inference.Weights();
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var command = new Command("neuralnet-mnist", "Chapter 3.6.2: the book's chapter 3 network with its published weights on the MNIST test set, one image at a time (Accuracy:0.9352).")
        {
            weights, data, json,
        };
        command.SetAction(result => SampleConsole.Run(() =>
            Chapter3Inference.Run("neuralnet_mnist.py", result.GetValue(weights), result.GetValue(data), result.GetValue(json), batch: 1)));
        return command;
    }
}
