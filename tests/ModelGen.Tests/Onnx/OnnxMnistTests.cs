using ModelGen.Data;
using ModelGen.Optimizers;
using ModelGen.Serialization;
using ModelGen.Tests.EndToEnd;
using ModelGen.Tests.Infrastructure;
using ModelGen.Training;
using Xunit.Abstractions;

namespace ModelGen.Tests.Onnx;

/// <summary>
/// The sample networks exported to ONNX and run by ONNX Runtime on the real MNIST test set:
/// its outputs must be ours (the softmax of Forward's scores) within 1e-4 on 1,000 images, and
/// its predicted classes ours on all 10,000. Trained weights throughout: the book's published
/// ones, or a short training run, so that the numbers are those a user would export.
/// </summary>
[Collection(MnistCollection.Name)]
public sealed class OnnxMnistTests(MnistFixture mnist, ITestOutputHelper log) : IDisposable
{
    private const double Tolerance = 1e-4;
    private const int ComparedImages = 1_000;

    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Dataset Test => mnist.Data.Test;

    private static string BookWeights(string file) => RepositoryRoot.File("samples", "book-weights", file);

    /// <summary>The flat 784-value samples as 1x28x28 maps: the same values, another shape.</summary>
    private static Dataset ImageShaped(Dataset flat) => new(flat.Inputs, flat.Labels, [1, 28, 28]);

    [Fact]
    public void TwoLayerNet_after_training_matches_ONNX_Runtime()
    {
        var network = new TwoLayerNet(seed: 0);
        new Trainer(network, new Sgd(0.1f), seed: 0).RunEpoch(mnist.Data.Train);
        Compare(network, "TwoLayerNet");
    }

    [Fact]
    public void BookSampleNet_with_the_books_weights_matches_ONNX_Runtime()
    {
        // Sigmoid hidden layers: the chapter 3 network.
        var network = new BookSampleNet();
        network.Load(BookWeights("ch03_sample_weight.npz"));
        Assert.Equal(9352, Compare(network, "BookSampleNet"));
    }

    [Fact]
    public void SimpleConvNet_with_the_books_weights_matches_ONNX_Runtime()
    {
        var network = new SimpleConvNet();
        network.Load(BookWeights("ch07_simple_convnet.npz"));
        Assert.Equal(9890, Compare(network, "SimpleConvNet"));
    }

    [Fact]
    public void DeepConvNet_with_the_books_weights_matches_ONNX_Runtime()
    {
        // Two Dropout(0.5) layers, the second right before the softmax: their inference scale
        // changes the probabilities, so a missing or doubled scale fails the 1e-4 comparison.
        var network = new DeepConvNet();
        network.Load(BookWeights("ch08_deep_convnet.npz"));
        Assert.Equal(9935, Compare(network, "DeepConvNet"));
    }

    [Fact]
    public void DeepBatchNormConvNet_after_training_matches_ONNX_Runtime()
    {
        // Batch Normalization per channel after every convolution, with running statistics from
        // 30 training steps (the running mean and variance are then 96% the data's).
        var network = new DeepBatchNormConvNet(seed: 0);
        new Trainer(network, new Adam(0.001f), seed: 0).RunEpoch(ImageShaped(mnist.Data.Train.Slice(0, 3_000)));
        Assert.All(network.State.Where(s => s.Name.StartsWith("running_var", StringComparison.Ordinal)), s => Assert.True(s.Read().Average() > 0.01f, $"{s.Name} is not trained"));
        Compare(network, "DeepBatchNormConvNet");
    }

    [Fact]
    public void BatchNormDropoutNet_after_training_matches_ONNX_Runtime()
    {
        // Batch Normalization per feature on (N, 100) and Dropout(0.2) after each hidden layer.
        var network = new BatchNormDropoutNet(seed: 0);
        new Trainer(network, new Adam(0.001f), seed: 0).RunEpoch(mnist.Data.Train.Slice(0, 5_000));
        Compare(network, "BatchNormDropoutNet");
    }

    /// <summary>
    /// Exports <paramref name="network"/>, runs the whole test set through ONNX Runtime and
    /// through Forward, checks the agreement, and returns how many images ONNX Runtime classifies
    /// correctly (for the networks with the book's weights, the book's figure).
    /// </summary>
    private int Compare(INetwork network, string name)
    {
        string path = Path.Combine(_folder, name + ".onnx");
        network.ExportOnnx(path);
        using var model = new OnnxRuntimeModel(path, network.InputShape);
        float[] theirs = model.Run(Test.Inputs, Test.Count);
        double[] ours = Probabilities(network, Test);
        int classes = network.OutputSize;
        Assert.Equal(ours.Length, theirs.Length);

        double largest = 0;
        for (int i = 0; i < ComparedImages * classes; i++) largest = Math.Max(largest, Math.Abs(ours[i] - theirs[i]));
        int agree = 0, correct = 0;
        for (int image = 0; image < Test.Count; image++)
        {
            int ourClass = ArgMax(ours.AsSpan(image * classes, classes));
            int theirClass = ArgMax(theirs.AsSpan(image * classes, classes));
            if (ourClass == theirClass) agree++;
            if (theirClass == Test.Labels[image]) correct++;
        }
        log.WriteLine($"{name}: max |ONNX Runtime - ModelGen| over {ComparedImages:N0} images {largest:E2}; classes agree on {agree:N0} of {Test.Count:N0}; ONNX Runtime accuracy {correct / (double)Test.Count:F4}");
        Assert.True(largest <= Tolerance, $"{name}: ONNX Runtime differs from ModelGen by {largest:E2}");
        Assert.Equal(Test.Count, agree);
        return correct;
    }

    /// <summary>Our probabilities: the softmax (in double) of Forward's scores, in inference mode.</summary>
    private static double[] Probabilities(INetwork network, Dataset data)
    {
        int classes = network.OutputSize;
        var probabilities = new double[data.Count * classes];
        for (int start = 0; start < data.Count; start += network.BatchSize)
        {
            int n = Math.Min(network.BatchSize, data.Count - start);
            var scores = network.Forward(data.InputSpan(start, n), n);
            for (int i = 0; i < n; i++)
                Softmax(scores.Slice(i * classes, classes), probabilities.AsSpan((start + i) * classes, classes));
        }
        return probabilities;
    }

    private static void Softmax(ReadOnlySpan<float> scores, Span<double> probabilities)
    {
        double max = double.NegativeInfinity;
        foreach (float s in scores) max = Math.Max(max, s);
        double sum = 0;
        for (int k = 0; k < scores.Length; k++) sum += probabilities[k] = Math.Exp(scores[k] - max);
        for (int k = 0; k < scores.Length; k++) probabilities[k] /= sum;
    }

    private static int ArgMax<T>(ReadOnlySpan<T> values) where T : IComparable<T>
    {
        int best = 0;
        for (int k = 1; k < values.Length; k++)
        {
            if (values[k].CompareTo(values[best]) > 0) best = k;
        }
        return best;
    }

    private static int ArgMax<T>(Span<T> values) where T : IComparable<T> => ArgMax((ReadOnlySpan<T>)values);
}
