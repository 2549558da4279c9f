using ModelGen.Data;

namespace ModelGen.Samples;

/// <summary>
/// Mini-batches drawn at random with replacement, as the book's experiments draw them
/// (<c>np.random.choice(train_size, batch_size)</c>), into buffers reused from batch to batch.
/// </summary>
public sealed class RandomBatches
{
    private readonly Dataset _data;
    private readonly Rng _random;

    public RandomBatches(Dataset data, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A batch holds at least one sample.");
        _data = data;
        _random = new Rng(seed);
        Inputs = new float[batchSize * data.SampleSize];
        Labels = new int[batchSize];
    }

    /// <summary>The current batch's samples, one after another.</summary>
    public float[] Inputs { get; }

    /// <summary>The current batch's labels.</summary>
    public int[] Labels { get; }

    /// <summary>The number of samples in a batch.</summary>
    public int Size => Labels.Length;

    /// <summary>Draws the next batch into <see cref="Inputs"/> and <see cref="Labels"/>.</summary>
    public void Next()
    {
        int size = _data.SampleSize;
        for (int i = 0; i < Labels.Length; i++)
        {
            int pick = _random.NextInt(_data.Count);
            _data.InputSpan(pick, 1).CopyTo(Inputs.AsSpan(i * size, size));
            Labels[i] = _data.Labels[pick];
        }
    }
}
