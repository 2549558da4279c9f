namespace ModelGen.Samples.DeepCnn;

/// <summary>The two networks by name, with what the commands need to know about each.</summary>
internal sealed record Model(
    string Name,
    string Title,
    Func<int, ITrainableNetwork> Create,
    long ForwardFlopsPerSample,
    string BookWeights,
    double BookAccuracy,
    int FirstLayerFilters)
{
    public static readonly Model Simple = new("simple", "SimpleConvNet (chapter 7.5)", seed => new SimpleConvNet(seed),
        SimpleConvNet.ForwardFlopsPerSample, "ch07_simple_convnet.npz", 0.9890, 30);

    public static readonly Model Deep = new("deep", "DeepConvNet (chapter 8.1)", seed => new DeepConvNet(seed),
        DeepConvNet.ForwardFlopsPerSample, "ch08_deep_convnet.npz", 0.9935, 16);

    public static Model Named(string name) => name switch
    {
        "simple" => Simple,
        "deep" => Deep,
        _ => throw new ArgumentException($"Unknown model '{name}': choose simple or deep."),
    };

    /// <summary>
    /// FLOP of one training step per image: the forward pass, and a backward pass that costs
    /// about twice as much (a weight gradient and an input gradient per layer).
    /// </summary>
    public long TrainFlopsPerSample => 3 * ForwardFlopsPerSample;
}
