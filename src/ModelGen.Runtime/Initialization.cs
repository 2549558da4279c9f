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

    /// <summary>Xavier (Glorot) standard deviation for a layer with <paramref name="fanIn"/> inputs per output.</summary>
    public static double XavierStd(int fanIn) => Math.Sqrt(1.0 / fanIn);

    /// <summary>He (Kaiming) standard deviation for a ReLU layer with <paramref name="fanIn"/> inputs per output.</summary>
    public static double HeStd(int fanIn) => Math.Sqrt(2.0 / fanIn);
}
