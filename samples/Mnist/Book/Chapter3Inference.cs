using System.CommandLine;
using System.Globalization;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Book;

/// <summary>
/// Chapter 3.6: the book's published 784-50-100-10 sigmoid network (ch03_sample_weight.npz) on
/// the 10,000 test images, a given number of images per forward pass: one at a time as
/// neuralnet_mnist.py does, 100 as neuralnet_mnist_batch.py does. The book scores 0.9352.
/// </summary>
internal static class Chapter3Inference
{
    public const double BookAccuracy = 0.9352;

    /// <summary>--weights: the book's ch03_sample_weight.npz unless told otherwise.</summary>
    public static Option<string?> Weights() => new("--weights")
    {
        Description = "Parameters (.npz, the book's layout) or a checkpoint. Default: the book's published ch03_sample_weight.npz.",
    };

    /// <summary>Counts the test images whose largest output is the label, <paramref name="batch"/> images per Forward call.</summary>
    public static int CountCorrect(INetwork network, ModelGen.Data.Dataset test, int batch)
    {
        int correct = 0;
        for (int start = 0; start < test.Count; start += batch)
        {
            int count = Math.Min(batch, test.Count - start);
            var scores = network.Infer(test.InputSpan(start, count), count);
            for (int i = 0; i < count; i++)
            {
                // The softmax does not change which output is largest; the argmax of the scores is p.
                int p = Evaluation.ArgMax(scores.Slice(i * network.OutputSize, network.OutputSize));
                if (p == test.Labels[start + i]) correct++;
            }
        }
        return correct;
    }

    /// <summary>Runs the network over the test set and prints "Accuracy:0.9352" as the book's scripts do.</summary>
    public static int Run(string script, string? weightsPath, string? dataDirectory, bool json, int batch)
    {
        weightsPath ??= CommonOptions.BookWeights("ch03_sample_weight.npz");
        var console = new SampleConsole(json);
        var mnist = console.LoadMnist(dataDirectory, flatten: true);
        var network = new BookSampleNet();
        network.Load(weightsPath);
        if (batch > 1) console.Out.WriteLine($"p.shape is {NumPy.Shape(batch)} for each of the {(mnist.Test.Count + batch - 1) / batch} batches");
        int correct = CountCorrect(network, mnist.Test, batch);
        double accuracy = (double)correct / mnist.Test.Count;
        // Python's str(float): the shortest text that reads back as the same double.
        console.Out.WriteLine($"Accuracy:{accuracy.ToString(CultureInfo.InvariantCulture)}");
        bool same = Math.Round(accuracy, 4) == BookAccuracy;
        console.Out.MarkupLine(same
            ? $"[green]{correct:N0} of {mnist.Test.Count:N0}[/], the same as the book's {BookAccuracy:F4} ({script})"
            : $"[red]{correct:N0} of {mnist.Test.Count:N0}[/], but the book's {script} prints {BookAccuracy:F4}");
        if (json) SampleConsole.WriteJsonLine(new { Model = "BookSampleNet", Weights = weightsPath, Batch = batch, Correct = correct, TestAccuracy = accuracy, BookAccuracy });
        return same ? 0 : 1; // 2 is for usage errors
    }
}
