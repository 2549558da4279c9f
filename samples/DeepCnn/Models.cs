namespace ModelGen.Samples.DeepCnn;

/// <summary>The networks by name, with what the commands need to know about each.</summary>
/// <param name="BookWeights">The book's published weights for it, or null for a network the book did not publish.</param>
internal sealed record Model(
    string Name,
    string Title,
    Func<int, ITrainableNetwork> Create,
    Func<NetworkSummary> Summary,
    string? BookWeights,
    double BookAccuracy,
    int FirstLayerFilters)
{
    public static readonly Model Simple = new("simple", "SimpleConvNet (chapter 7.5)", seed => new SimpleConvNet(seed),
        SimpleConvNet.Summary, "ch07_simple_convnet.npz", 0.9890, 30);

    public static readonly Model Deep = new("deep", "DeepConvNet (chapter 8.1)", seed => new DeepConvNet(seed),
        DeepConvNet.Summary, "ch08_deep_convnet.npz", 0.9935, 16);

    public static readonly Model DeepBatchNorm = new("deep-bn", "DeepConvNet with Batch Normalization", seed => new DeepBatchNormConvNet(seed),
        DeepBatchNormConvNet.Summary, null, double.NaN, 16);

    /// <summary>Every model, in the order --model lists them.</summary>
    public static readonly Model[] All = [Simple, Deep, DeepBatchNorm];

    /// <summary>Every model with DeepConvNet first, the default of the commands that train or export.</summary>
    public static readonly Model[] DeepFirst = [Deep, Simple, DeepBatchNorm];

    /// <summary>The names --model accepts.</summary>
    public static readonly string[] Names = [.. All.Select(m => m.Name)];

    public static Model Named(string name) =>
        All.FirstOrDefault(m => m.Name == name) ?? throw new ArgumentException($"Unknown model '{name}': choose {string.Join(", ", Names)}.");

    /// <summary><paramref name="weights"/>, or the book's published weights for this model; an error for a model the book did not publish.</summary>
    public string WeightsOrBook(string? weights) => weights
        ?? (BookWeights is null
            ? throw new ArgumentException($"The book published no weights for {Title}; give --weights (a checkpoint or parameters file).")
            : CommonOptions.BookWeights(BookWeights));
}
