namespace ModelGen.Kernels;

/// <summary>
/// Max and average pooling on NCHW float32 batches (see <see cref="PoolShape"/>). Max pooling
/// records, per output, the index y·W + x of the chosen pixel within its input plane (image,
/// channel); ties go to the first pixel in window order, as in the book. Spans may be longer
/// than needed. Backward passes overwrite the input gradient.
/// </summary>
public static class Pooling
{
    /// <summary>output = window maxima; argmax gets their plane indices, or is skipped when empty (inference).</summary>
    public static void MaxForward(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax, in PoolShape s, int count) =>
        MaxForward(input, output, argmax, s, count, allowFast: true);

    /// <summary>Routes each output gradient to its window's argmax; every other input gradient is zero.</summary>
    public static void MaxBackward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argmax, Span<float> inputGradient, in PoolShape s, int count) =>
        MaxBackward(outputGradient, argmax, inputGradient, s, count, allowFast: true);

    /// <summary>output = window means.</summary>
    public static void AvgForward(ReadOnlySpan<float> input, Span<float> output, in PoolShape s, int count) =>
        AvgForward(input, output, s, count, allowFast: true);

    /// <summary>Spreads each output gradient evenly over its window.</summary>
    public static void AvgBackward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, in PoolShape s, int count) =>
        AvgBackward(outputGradient, inputGradient, s, count, allowFast: true);

    internal static unsafe void MaxForward(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax, in PoolShape s, int count, bool allowFast)
    {
        Check(s, count, input.Length, nameof(input), output.Length, nameof(output));
        if (!argmax.IsEmpty)
        {
            Require(argmax.Length, (long)count * s.OutputSize, nameof(argmax));
        }

        fixed (float* x = input, y = output)
        fixed (int* a = argmax)
        {
            PoolingJob.Run(PoolingJob.Op.MaxForward, s, allowFast, x, y, a, count);
        }
    }

    internal static unsafe void MaxBackward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argmax, Span<float> inputGradient, in PoolShape s, int count, bool allowFast)
    {
        Check(s, count, inputGradient.Length, nameof(inputGradient), outputGradient.Length, nameof(outputGradient));
        Require(argmax.Length, (long)count * s.OutputSize, nameof(argmax));
        fixed (float* dy = outputGradient, dx = inputGradient)
        fixed (int* a = argmax)
        {
            PoolingJob.Run(PoolingJob.Op.MaxBackward, s, allowFast, dx, dy, a, count);
        }
    }

    internal static unsafe void AvgForward(ReadOnlySpan<float> input, Span<float> output, in PoolShape s, int count, bool allowFast)
    {
        Check(s, count, input.Length, nameof(input), output.Length, nameof(output));
        fixed (float* x = input, y = output)
        {
            PoolingJob.Run(PoolingJob.Op.AvgForward, s, allowFast, x, y, null, count);
        }
    }

    internal static unsafe void AvgBackward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, in PoolShape s, int count, bool allowFast)
    {
        Check(s, count, inputGradient.Length, nameof(inputGradient), outputGradient.Length, nameof(outputGradient));
        fixed (float* dy = outputGradient, dx = inputGradient)
        {
            PoolingJob.Run(PoolingJob.Op.AvgBackward, s, allowFast, dx, dy, null, count);
        }
    }

    /// <summary>
    /// Checks the shape and the count, and that the span on the input side of the pool (input or
    /// input gradient) holds count images and the one on the output side count pooled images.
    /// </summary>
    private static void Check(in PoolShape s, int count, int inputSide, string inputName, int outputSide, string outputName)
    {
        s.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Require(inputSide, (long)count * s.InputSize, inputName);
        Require(outputSide, (long)count * s.OutputSize, outputName);
    }

    private static void Require(int length, long needed, string name)
    {
        if (length < needed)
        {
            throw new ArgumentException($"{name} has {length} elements but needs {needed}.", name);
        }
    }
}
