using ModelGen.Data;

namespace ModelGen.Samples;

/// <summary>
/// Mini-batches drawn the way the book's chapter 6 scripts draw them,
/// <c>np.random.choice(train_size, batch_size)</c>: every sample picked uniformly at random and
/// with replacement, so a batch may hold one image twice and an "epoch" is a count of steps,
/// not a pass over every image. The buffers are allocated once and reused by each draw.
/// </summary>
public sealed class RandomBatches
{
    private readonly Rng _random;

    /// <summary>Buffers for batches of <paramref name="batchSize"/> samples of <paramref name="sampleSize"/> values, drawn from <paramref name="random"/>.</summary>
    public RandomBatches(int batchSize, int sampleSize, Rng random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleSize);
        ArgumentNullException.ThrowIfNull(random);
        Inputs = new float[batchSize * sampleSize];
        Labels = new int[batchSize];
        _random = random;
    }

    /// <summary>The last batch's inputs, one sample after another.</summary>
    public float[] Inputs { get; }

    /// <summary>The last batch's labels.</summary>
    public int[] Labels { get; }

    /// <summary>The number of samples in every batch.</summary>
    public int Count => Labels.Length;

    /// <summary>Fills <see cref="Inputs"/> and <see cref="Labels"/> with <see cref="Count"/> samples of <paramref name="data"/>, drawn with replacement.</summary>
    public void Draw(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int size = data.SampleSize;
        if (size * Count != Inputs.Length)
            throw new ArgumentException($"The batches hold samples of {Inputs.Length / Count} values, the data's have {size}.", nameof(data));
        for (int i = 0; i < Count; i++)
        {
            int sample = _random.NextInt(data.Count);
            data.InputSpan(sample, 1).CopyTo(Inputs.AsSpan(i * size, size));
            Labels[i] = data.Labels[sample];
        }
    }
}
