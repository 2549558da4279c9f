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
