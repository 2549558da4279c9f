using System.Numerics.Tensors;

namespace ModelGen.Kernels;

/// <summary>
/// Dropout (chapter 6.4.3). The mask holds 1 for kept values and 0 for dropped ones while
/// training, and 1 − ratio everywhere at inference, so forward and backward are one multiply.
/// </summary>
public static class Dropout
{
    /// <summary>Each mask value is 1 with probability 1 − <paramref name="ratio"/>, else 0.</summary>
    public static void DrawMask(Span<float> mask, float ratio, Rng random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < mask.Length; i++) mask[i] = random.NextFloat() > ratio ? 1f : 0f;
    }

    /// <summary>y = x · mask, elementwise; also the backward pass, dx = dy · mask.</summary>
    public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> mask, Span<float> y) => TensorPrimitives.Multiply(x, mask, y);
}
