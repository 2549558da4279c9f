using System.CommandLine;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 3.6: the book's published 784-50-100-10 sigmoid network on the 10,000 test images.
/// The book's NumPy code scores 0.9352 with these weights; so must we.
/// </summary>
internal static class InferBookCommand
{
    public const double BookAccuracy = 0.9352;

    public static Command Create()
    {
        var weights = new Option<string>("--weights")
        {
            Description = "The book's ch03_sample_weight.npz.",
            DefaultValueFactory = _ => CommonOptions.BookWeights("ch03_sample_weight.npz"),
        };
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var command = new Command("infer-book", "Run the book's chapter 3 network with its published weights on the MNIST test set.") { weights, data, json };
        command.SetAction(result => SampleConsole.Run(() => Run(result.GetValue(weights)!, result.GetValue(data), result.GetValue(json))));
        return command;
    }

    private static int Run(string weightsPath, string? dataDirectory, bool json)
    {
        var console = new SampleConsole(json);
        var mnist = console.LoadMnist(dataDirectory, flatten: true);
        var network = new BookSampleNet();
        network.Load(weightsPath);
        double accuracy = network.Accuracy(mnist.Test);
        bool same = Math.Round(accuracy, 4) == BookAccuracy;
        console.Out.MarkupLine(same
            ? $"test accuracy [green]{accuracy:F4}[/], the same as the book's {BookAccuracy:F4}"
            : $"test accuracy [red]{accuracy:F4}[/], but the book's is {BookAccuracy:F4}");
        if (json) SampleConsole.WriteJsonLine(new { Model = "BookSampleNet", Weights = weightsPath, TestAccuracy = accuracy, BookAccuracy });
        return same ? 0 : 2;
    }
}
