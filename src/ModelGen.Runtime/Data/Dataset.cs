namespace ModelGen.Data;

/// <summary>
/// Labelled samples for training or evaluation: float32 inputs laid out one sample after
/// another (the layout <see cref="INetwork.Forward"/> takes) and one integer class per sample.
/// </summary>
/// <remarks>
/// The arrays are exposed, not copied, so a training loop can hand out spans without
/// allocating; treat them as read-only.
/// </remarks>
public sealed class Dataset
{
    private readonly int[] _sampleShape;

    /// <summary>Wraps the arrays (not copied) after checking that they agree.</summary>
    /// <param name="inputs">labels.Length x the product of <paramref name="sampleShape"/> values, one sample after another.</param>
    /// <param name="labels">The class of each sample, 0 or more.</param>
    /// <param name="sampleShape">The shape of one sample: [784] flattened, [1, 28, 28] as an image.</param>
    /// <exception cref="ArgumentException">The sizes disagree, a dimension is not positive, or a label is negative.</exception>
    public Dataset(float[] inputs, int[] labels, IReadOnlyList<int> sampleShape)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(sampleShape);

        _sampleShape = [.. sampleShape];
        long sampleSize = 1;
        foreach (int d in _sampleShape)
        {
            if (d <= 0)
                throw new ArgumentException($"Sample shape ({Format(_sampleShape)}) has a dimension that is not positive.", nameof(sampleShape));
            sampleSize *= d;
            if (sampleSize > Array.MaxLength)
                throw new ArgumentException($"Sample shape ({Format(_sampleShape)}) is too large for one array.", nameof(sampleShape));
        }

        if ((long)labels.Length * sampleSize != inputs.Length)
            throw new ArgumentException(
                $"{labels.Length} labels with samples of shape ({Format(_sampleShape)}) need {(long)labels.Length * sampleSize} input values, but {inputs.Length} were given.",
                nameof(inputs));

        int maxLabel = -1;
        for (int i = 0; i < labels.Length; i++)
        {
            // A negative class cannot be one-hot encoded or indexed into a softmax output.
            if (labels[i] < 0)
                throw new ArgumentException($"Label {i} is {labels[i]}; class labels must not be negative.", nameof(labels));
            maxLabel = Math.Max(maxLabel, labels[i]);
        }

        Inputs = inputs;
        Labels = labels;
        SampleSize = (int)sampleSize;
        Classes = maxLabel + 1;
    }

    /// <summary>All inputs, <see cref="Count"/> x <see cref="SampleSize"/> values.</summary>
    public float[] Inputs { get; }

    /// <summary>The class of each sample.</summary>
    public int[] Labels { get; }

    /// <summary>The number of samples.</summary>
    public int Count => Labels.Length;

    /// <summary>The shape of one sample: [784] flattened, [1, 28, 28] as an image.</summary>
    public IReadOnlyList<int> SampleShape => _sampleShape;

    /// <summary>The number of values in one sample.</summary>
    public int SampleSize { get; }

    /// <summary>The largest label plus one (0 when empty), computed when the dataset was built.</summary>
    public int Classes { get; }

    /// <summary>The inputs of samples <paramref name="start"/> .. start + count - 1.</summary>
    public ReadOnlySpan<float> InputSpan(int start, int count)
    {
        CheckRange(start, count);
        return Inputs.AsSpan(start * SampleSize, count * SampleSize);
    }

    /// <summary>The labels of samples <paramref name="start"/> .. start + count - 1.</summary>
    public ReadOnlySpan<int> LabelSpan(int start, int count)
    {
        CheckRange(start, count);
        return Labels.AsSpan(start, count);
    }

    /// <summary>A copy of samples <paramref name="start"/> .. start + count - 1.</summary>
    public Dataset Slice(int start, int count)
    {
        CheckRange(start, count);
        return new Dataset(InputSpan(start, count).ToArray(), LabelSpan(start, count).ToArray(), _sampleShape);
    }

    /// <summary>The labels one-hot encoded: <see cref="Count"/> x <paramref name="classes"/> values.</summary>
    public float[] OneHot(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (Classes > classes)
            throw new ArgumentOutOfRangeException(nameof(classes), $"The labels go up to {Classes - 1}, which does not fit in {classes} classes.");
        var result = new float[(long)Count * classes];
        for (int i = 0; i < Count; i++)
            result[(i * classes) + Labels[i]] = 1f;
        return result;
    }

    private void CheckRange(int start, int count)
    {
        if (start < 0 || count < 0 || start > Count - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"Samples {start} .. {start} + {count} are outside the dataset's {Count} samples.");
    }

    private static string Format(int[] shape) => string.Join(", ", shape);
}
