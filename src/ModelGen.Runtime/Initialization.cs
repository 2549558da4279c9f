namespace ModelGen;

/// <summary>
/// Weight initialisation (chapter 6.2). The generator works out each layer's standard
/// deviation at compile time (fixed, Xavier or He); this draws the values.
/// </summary>
public static class Initialization
{
    /// <summary>Fills <paramref name="weights"/> with independent draws from N(0, std²).</summary>
    public static void Gaussian(Span<float> weights, float std, Rng random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextGaussian() * std);
    }

    /// <summary>
    /// Draws every weight of <paramref name="network"/> again with the rule <paramref name="init"/>
    /// (or Gaussian with <paramref name="std"/>) and zeroes every bias (W1, b1, ...; other
    /// parameters keep their values): the run-time counterpart of
    /// the generated InitializeParameters, for experiments that compare initialisations without a
    /// recompile. The fan-in comes from the book's layouts: rows of a dense (in, out) weight, and
    /// channels x height x width of a convolution's (filters, channels, height, width). Weights are
    /// drawn in parameter order from one generator, as the generated code draws them.
    /// </summary>
    public static void Redraw(INetwork network, WeightInit init, int seed, double std = 0.01)
    {
        ArgumentNullException.ThrowIfNull(network);
        var random = new Rng(seed);
        foreach (var parameter in network.Parameters)
        {
            if (!parameter.IsWeight)
            {
                if (parameter.Name.StartsWith('b')) Array.Clear(parameter.Value);
                continue;
            }
            int fanIn = FanIn(parameter);
            double layerStd = init switch
            {
                WeightInit.Xavier => XavierStd(fanIn),
                WeightInit.He => HeStd(fanIn),
                WeightInit.Gaussian or WeightInit.Default => std,
                _ => throw new ArgumentOutOfRangeException(nameof(init), init, "Choose Gaussian, Xavier or He."),
            };
            Gaussian(parameter.Value, (float)layerStd, random);
        }
    }

    /// <summary>Inputs per output of a weight in the book's layout: (in, out) or (filters, channels, height, width).</summary>
    public static int FanIn(Parameter weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var shape = weight.Shape;
        return shape.Count switch
        {
            2 => shape[0],
            4 => shape[1] * shape[2] * shape[3],
            _ => throw new ArgumentException($"{weight} is neither a dense (in, out) nor a convolution (filters, channels, height, width) weight.", nameof(weight)),
        };
    }

    /// <summary>Xavier (Glorot) standard deviation for a layer with <paramref name="fanIn"/> inputs per output.</summary>
    public static double XavierStd(int fanIn) => Math.Sqrt(1.0 / fanIn);

    /// <summary>He (Kaiming) standard deviation for a ReLU layer with <paramref name="fanIn"/> inputs per output.</summary>
    public static double HeStd(int fanIn) => Math.Sqrt(2.0 / fanIn);
}
