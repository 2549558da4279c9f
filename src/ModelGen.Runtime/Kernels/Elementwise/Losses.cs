using System.Buffers;
using System.Numerics.Tensors;

namespace ModelGen.Kernels;

/// <summary>
/// Output layers with their loss (chapter 4.2, 5.6.3, appendix A). Each loss is averaged over
/// the samples; each backward pass is fused with the forward pass that produces it.
/// </summary>
public static class Losses
{
    /// <summary>How far below the largest score a class's gradient is flushed to zero (e^-60 ≈ 9e-27).</summary>
    private const float SubnormalGuard = 60f;

    /// <summary>
    /// Softmax over each row of <paramref name="scores"/>, then the cross-entropy against the
    /// labels, averaged over <paramref name="rows"/>. Computed as log Σ exp(s − max) − (s_label − max),
    /// which never overflows and never takes the log of zero (the book adds 1e-7 for that).
    /// </summary>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, int rows, int classes)
        => SoftmaxCrossEntropyBackward(scores, labels, Span<float>.Empty, rows, classes);

    /// <summary>
    /// The loss as above; also writes its gradient with respect to the scores,
    /// (softmax − one-hot) / rows, into <paramref name="gradient"/> unless it is empty.
    /// </summary>
    /// <remarks>
    /// The exponentials of a block of rows are taken in one vectorised call: one scalar exp per
    /// class (twice, in double for the sum and in float for the gradient) took 11 µs of a
    /// TwoLayerNet training step that is otherwise 100 µs, all of it on one thread.
    /// </remarks>
    public static float SoftmaxCrossEntropyBackward(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, Span<float> gradient, int rows, int classes)
    {
        Check(scores.Length, labels, gradient.Length, rows, classes);
        float[]? rented = classes > ExpBlock ? ArrayPool<float>.Shared.Rent(classes) : null;
        Span<float> block = rented ?? stackalloc float[ExpBlock];
        int rowsPerBlock = Math.Max(1, block.Length / classes);
        Span<float> maxima = stackalloc float[rowsPerBlock];
        double total = 0;
        float scale = 1f / rows;
        for (int r0 = 0; r0 < rows; r0 += rowsPerBlock)
        {
            int count = Math.Min(rowsPerBlock, rows - r0);
            Span<float> exps = block[..(count * classes)];
            for (int r = 0; r < count; r++)
            {
                var row = scores.Slice((r0 + r) * classes, classes);
                var shifted = exps.Slice(r * classes, classes);
                float max = Max(row);
                maxima[r] = max;
                for (int c = 0; c < classes; c++) shifted[c] = row[c] - max;
            }

            TensorPrimitives.Exp(exps, exps);
            for (int r = 0; r < count; r++)
            {
                var row = scores.Slice((r0 + r) * classes, classes);
                var e = exps.Slice(r * classes, classes);
                float max = maxima[r];
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += e[c];
                int label = labels[r0 + r];
                total += Math.Log(sum) - (row[label] - max);
                if (gradient.IsEmpty) continue;
                var g = gradient.Slice((r0 + r) * classes, classes);
                float inverse = (float)(1.0 / sum);
                for (int c = 0; c < classes; c++)
                {
                    // A class more than 60 below the best has probability under e^-60 ≈ 1e-26: its
                    // gradient is exactly 0 here. Kept, such values become subnormal floats further
                    // down the backward pass once the network is confident, and subnormal arithmetic
                    // is many times slower on x86: training slowed by a third over 20 epochs.
                    g[c] = row[c] - max < -SubnormalGuard ? 0f : e[c] * inverse * scale;
                }
                g[label] -= scale;
            }
        }

        if (rented is not null) ArrayPool<float>.Shared.Return(rented);
        return (float)(total / rows);
    }

    /// <summary>The largest score of a row. A NaN is skipped here but still reaches the sum, so the loss is NaN as it should be.</summary>
    private static float Max(ReadOnlySpan<float> row)
    {
        float max = row[0];
        for (int c = 1; c < row.Length; c++)
        {
            if (row[c] > max) max = row[c];
        }
        return max;
    }

    /// <summary>Floats of exponentials computed per vectorised call (a stack buffer; more classes than this rent one row).</summary>
    private const int ExpBlock = 1024;

    /// <summary>The mean over rows of 0.5 · Σ (y − t)², with t the one-hot label (chapter 4.2.1).</summary>
    public static float MeanSquaredError(ReadOnlySpan<float> outputs, ReadOnlySpan<int> labels, int rows, int classes)
        => MeanSquaredErrorBackward(outputs, labels, Span<float>.Empty, rows, classes);

    /// <summary>The loss as above; also writes (y − t) / rows into <paramref name="gradient"/> unless it is empty.</summary>
    public static float MeanSquaredErrorBackward(ReadOnlySpan<float> outputs, ReadOnlySpan<int> labels, Span<float> gradient, int rows, int classes)
    {
        Check(outputs.Length, labels, gradient.Length, rows, classes);
        double total = 0;
        float scale = 1f / rows;
        for (int r = 0; r < rows; r++)
        {
            int label = labels[r];
            for (int c = 0; c < classes; c++)
            {
                float difference = outputs[r * classes + c] - (c == label ? 1f : 0f);
                total += 0.5 * difference * difference;
                if (!gradient.IsEmpty) gradient[r * classes + c] = difference * scale;
            }
        }
        return (float)(total / rows);
    }

    private static void Check(int length, ReadOnlySpan<int> labels, int gradientLength, int rows, int classes)
    {
        if (rows < 1 || classes < 1) throw new ArgumentException($"Need at least one row and one class, got {rows} rows of {classes}.");
        if (length < rows * classes) throw new ArgumentException($"{rows} rows of {classes} classes need {rows * classes} values, but {length} were given.");
        if (gradientLength != 0 && gradientLength < rows * classes) throw new ArgumentException($"The gradient holds {gradientLength} values; {rows * classes} are needed.");
        if (labels.Length < rows) throw new ArgumentException($"{rows} rows need {rows} labels, but {labels.Length} were given.");
        for (int r = 0; r < rows; r++)
        {
            if ((uint)labels[r] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), labels[r], $"Label {r} is {labels[r]}; labels must be between 0 and {classes - 1}.");
        }
    }
}
