using ModelGen.Optimizers;
using ModelGen.Training;

namespace ModelGen.Tests.EndToEnd;

/// <summary>Generated networks on the real MNIST against the book's own numbers.</summary>
[Collection(MnistCollection.Name)]
public class BookResultTests(MnistFixture mnist)
{
    [Fact]
    public void The_books_chapter_3_weights_score_exactly_0_9352()
    {
        // The book's NumPy code classifies 9,352 of the 10,000 test images correctly.
        var network = new BookSampleNet();
        network.Load(Infrastructure.RepositoryRoot.File("samples", "book-weights", "ch03_sample_weight.npz"));
        var predictions = network.Predict(mnist.Data.Test);
        int correct = predictions.Where((p, i) => p == mnist.Data.Test.Labels[i]).Count();
        Assert.Equal(9352, correct);
    }

    [Theory]
    [InlineData("simple", "ch07_simple_convnet.npz", 9890)]
    [InlineData("deep", "ch08_deep_convnet.npz", 9935)]
    public void The_books_convnet_weights_score_the_books_accuracy(string model, string file, int bookCorrect)
    {
        // The book's NumPy code: 0.9890 (SimpleConvNet) and 0.9935 (DeepConvNet). The files
        // hold float64; in float32 at most one image of 10,000 may move, and none does.
        INetwork network = model == "simple" ? new SimpleConvNet() : new DeepConvNet();
        ModelGen.Serialization.ParameterFile.Load(network, Infrastructure.RepositoryRoot.File("samples", "book-weights", file));
        var test = ImageShaped(mnist.Data.Test);
        var predictions = Evaluation.Predict(network, test);
        int correct = predictions.Where((p, i) => p == test.Labels[i]).Count();
        Assert.Equal(bookCorrect, correct);
    }

    [Fact]
    public void A_short_SimpleConvNet_run_clears_0_95()
    {
        // A third of an epoch of the book's setup (Adam, lr 0.001, batch 100), with He
        // initialisation drawn at run time instead of the book's std 0.01, to learn fast.
        var network = new SimpleConvNet(seed: 0);
        Initialization.Redraw(network, WeightInit.He, seed: 0);
        var trainer = new Trainer(network, new Adam(0.001f), seed: 0);
        trainer.RunEpoch(ImageShaped(mnist.Data.Train).Slice(0, 20_000));
        double accuracy = Evaluation.Accuracy(network, ImageShaped(mnist.Data.Test));
        Assert.True(accuracy >= 0.95, $"test accuracy {accuracy:F4}");
    }

    /// <summary>The fixture's flat 784-value samples as 1x28x28 maps: the same values, another shape.</summary>
    private static ModelGen.Data.Dataset ImageShaped(ModelGen.Data.Dataset flat) => new(flat.Inputs, flat.Labels, [1, 28, 28]);

    [Fact]
    public void One_epoch_of_TwoLayerNet_reaches_0_90()
    {
        var network = new TwoLayerNet(seed: 0);
        var trainer = new Trainer(network, new Sgd(0.1f), seed: 0);
        trainer.RunEpoch(mnist.Data.Train);
        double accuracy = network.Accuracy(mnist.Data.Test);
        Assert.True(accuracy >= 0.90, $"test accuracy {accuracy:F4} after one epoch");
    }
}
