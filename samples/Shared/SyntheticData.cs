using ModelGen.Data;

namespace ModelGen.Samples;

/// <summary>Data for benchmarks: the arithmetic is what is timed, so no real images are needed.</summary>
public static class SyntheticData
{
    /// <summary>Uniform noise in [0, 1) with uniformly random labels, seeded.</summary>
    public static Dataset Images(int count, int[] sampleShape, int classes, int seed)
    {
        var random = new Rng(seed);
        int size = sampleShape.Aggregate(1, (a, b) => a * b);
        var inputs = new float[count * size];
        var labels = new int[count];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextFloat();
        for (int i = 0; i < count; i++) labels[i] = random.NextInt(classes);
        return new Dataset(inputs, labels, sampleShape);
    }
}
