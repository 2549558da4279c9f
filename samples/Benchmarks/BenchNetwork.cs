using ModelGen.Optimizers;
using ModelGen.Samples.DeepCnn;
using ModelGen.Samples.Mnist;

namespace ModelGen.Samples.Benchmarks;

/// <summary>
/// One network as the comparison scripts time it: the optimizer its sample's bench uses, the
/// shape of one sample, and its FLOP counts from the generated summary.
/// </summary>
internal sealed record BenchNetwork(string Name, Func<ITrainableNetwork> Create, Func<Optimizer> Optimizer, int[] SampleShape, Func<NetworkSummary> Summary)
{
    /// <summary>The names --model accepts, in the order the report lists them.</summary>
    public static readonly string[] Names = ["two", "simple", "deep"];

    public static BenchNetwork Named(string name) => name switch
    {
        // As `mnist bench`: SGD with the book's learning rate.
        "two" => new("two", () => new TwoLayerNet(seed: 0), () => new Sgd(0.1f), [784], TwoLayerNet.Summary),
        // As `deepcnn bench`: Adam, lr 0.001.
        "simple" => new("simple", () => new SimpleConvNet(seed: 0), () => new Adam(0.001f), [1, 28, 28], SimpleConvNet.Summary),
        "deep" => new("deep", () => new DeepConvNet(seed: 0), () => new Adam(0.001f), [1, 28, 28], DeepConvNet.Summary),
        _ => throw new ArgumentException($"Unknown model '{name}': choose {string.Join(", ", Names)}."),
    };
}
