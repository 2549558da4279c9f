using System.Numerics.Tensors;

namespace ModelGen.Kernels;

/// <summary>
/// Elementwise activations and their backward passes (chapter 5.5). Each backward pass reads
/// the forward pass's output y, which is all these derivatives need, so no mask is stored.
/// ReLU and the backward passes split big spans over <see cref="KernelThreads"/>; results are
/// the same bits for any thread count. Output spans may be longer than the input.
/// </summary>
public static class Activations
{
    /// <summary>y = max(0, x): x ≤ 0 gives +0, NaN stays NaN (IEEE maximum, as TensorPrimitives.Max).</summary>
    public static unsafe void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length) throw new ArgumentException($"Output holds {y.Length} values but the input has {x.Length}.", nameof(y));
        fixed (float* px = x, py = y)
        {
            ElementwiseJob.Run(ElementwiseJob.Op.Relu, px, py, null, x.Length);
        }
    }

    /// <summary>dx = dy where y &gt; 0, else 0.</summary>
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        Backward(ElementwiseJob.Op.ReluBackward, y, dy, dx);

    /// <summary>y = 1 / (1 + exp(-x)).</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sigmoid(x, y);

    /// <summary>dx = dy · y · (1 − y).</summary>
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        Backward(ElementwiseJob.Op.SigmoidBackward, y, dy, dx);

    /// <summary>y = tanh(x).</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);

    /// <summary>dx = dy · (1 − y²).</summary>
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        Backward(ElementwiseJob.Op.TanhBackward, y, dy, dx);

    /// <summary>The perceptron's step function (chapter 2): y = 1 where x &gt; 0, else 0. Forward only.</summary>
    public static void Step(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length) throw new ArgumentException($"Output holds {y.Length} values but the input has {x.Length}.", nameof(y));
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? 1f : 0f;
    }

    private static unsafe void Backward(ElementwiseJob.Op op, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        if (dy.Length != y.Length || dx.Length != y.Length)
            throw new ArgumentException($"Lengths differ: y {y.Length}, dy {dy.Length}, dx {dx.Length}.");
        fixed (float* py = y, pdy = dy, pdx = dx)
        {
            ElementwiseJob.Run(op, py, pdy, pdx, y.Length);
        }
    }
}
