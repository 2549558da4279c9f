using System.CommandLine;
using ModelGen.Samples.Mnist.Book;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 3.6.3, ch03/neuralnet_mnist_batch.py: the book's published 784-50-100-10 sigmoid
/// network on the 10,000 test images, 100 per forward pass. The book's NumPy code scores 0.9352
/// with these weights; so must we. Also answers to its first name, infer-book.
/// </summary>
internal static class NeuralnetMnistBatchCommand
{
    public static Command Create()
    {
        var weights = Chapter3Inference.Weights();
        var batch = new Option<int>("--batch") { Description = $"Images per forward pass, 1 to {BookSampleNet.BatchSize} (the book's: 100).", DefaultValueFactory = _ => 100 };
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var command = new Command("neuralnet-mnist-batch", "Chapter 3.6.3: the book's chapter 3 network with its published weights on the MNIST test set, 100 images per batch (Accuracy:0.9352).")
        {
            weights, batch, data, json,
        };
        command.Aliases.Add("infer-book");
        command.Aliases.Add("evaluate"); // the name deepcnn gives the same job
        command.SetAction(result => SampleConsole.Run(() =>
        {
            int size = result.GetValue(batch);
            if (size < 1 || size > BookSampleNet.BatchSize) throw new ArgumentException($"--batch must be between 1 and {BookSampleNet.BatchSize}, not {size}.");
            return Chapter3Inference.Run("neuralnet_mnist_batch.py", result.GetValue(weights), result.GetValue(data), result.GetValue(json), size);
        }));
        return command;
    }
}
